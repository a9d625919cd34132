import { answerWithin } from './answer-within';

describe(answerWithin.name, () => {
  it('gives the answer that comes in time', async () => {
    await expect(answerWithin(Promise.resolve(42), 1000, 'The database')).resolves.toBe(42);
  });

  it('gives up on an answer that does not come, saying what did not answer', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(answerWithin(never, 10, 'The database')).rejects.toThrow(
      'The database does not answer within 10 ms',
    );
  });
});
