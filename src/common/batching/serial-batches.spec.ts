import { SerialBatches } from './serial-batches';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe(SerialBatches.name, () => {
  it('hands over what was added in one turn as one batch, on the check phase', async () => {
    const handled: number[][] = [];
    const batches = new SerialBatches<number>(async (batch) => void handled.push(batch));
    batches.add(1);
    batches.add(2);
    await Promise.resolve();
    expect(handled).toEqual([]); // not before the check phase
    await nextTurn();
    expect(handled).toEqual([[1, 2]]);
  });

  it('makes what is added during a batch the next batch, handled after it, never beside it', async () => {
    const events: string[] = [];
    let finishFirst: () => void = () => undefined;
    const batches = new SerialBatches<string>(async (batch) => {
      events.push(`start ${batch.join(',')}`);
      if (batch[0] === 'a') await new Promise<void>((resolve) => (finishFirst = resolve));
      events.push(`end ${batch.join(',')}`);
    });
    batches.add('a');
    await nextTurn();
    batches.add('b');
    batches.add('c');
    await nextTurn();
    expect(events).toEqual(['start a']);
    finishFirst();
    await nextTurn();
    expect(events).toEqual(['start a', 'end a', 'start b,c', 'end b,c']);
  });
});
