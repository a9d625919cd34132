import { DatabaseUnavailableError } from './database-unavailable.error';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(DatabaseUnavailableError.name, () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a server shutting down', withCode('terminating connection', '57P01')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
  ])('recognises %s as the database being unavailable', (_, error) => {
    expect(DatabaseUnavailableError.isCause(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value', '23505')],
    ['a syntax error', withCode('syntax error at or near', '42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something thrown that is no Error', 'ECONNREFUSED'],
  ])('leaves %s to be a 500', (_, error) => {
    expect(DatabaseUnavailableError.isCause(error)).toBe(false);
  });

  it('answers 503 with a Retry-After', () => {
    const error = new DatabaseUnavailableError();
    expect(error).toMatchObject({ code: 'DATABASE.UNAVAILABLE', status: 503 });
    expect(error.headers['Retry-After']).toBe('5');
  });
});
