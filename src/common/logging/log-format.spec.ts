import { logFormatFor } from './log-format';

describe(logFormatFor.name, () => {
  const situation = { env: 'development', level: 'info', stdoutIsTTY: true } as const;

  it('is pretty for a person at a terminal in development (or a test run on one)', () => {
    expect(logFormatFor(situation)).toBe('pretty');
    expect(logFormatFor({ ...situation, env: 'test', level: 'debug' })).toBe('pretty');
  });

  it('stays JSON lines in production, even on a terminal', () => {
    expect(logFormatFor({ ...situation, env: 'production' })).toBe('json');
  });

  it('stays JSON lines whenever stdout is not a terminal', () => {
    expect(logFormatFor({ ...situation, stdoutIsTTY: false })).toBe('json');
    expect(logFormatFor({ ...situation, env: 'test', stdoutIsTTY: false })).toBe('json');
  });

  it('starts no formatter for a silent logger', () => {
    expect(logFormatFor({ ...situation, level: 'silent' })).toBe('json');
  });
});
