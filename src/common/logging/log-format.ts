/** JSON lines, for machines and whatever collects stdout; or pino-pretty, for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Pretty only for a person watching a terminal in development: production, and any stdout that
 * is a pipe or a file (a container's log driver, a CI run), keep JSON lines. A silent logger
 * needs no worker thread to format nothing.
 */
export function logFormatFor(situation: {
  env: 'development' | 'production' | 'test';
  level: string;
  stdoutIsTTY: boolean;
}): LogFormat {
  const { env, level, stdoutIsTTY } = situation;
  return stdoutIsTTY && env !== 'production' && level !== 'silent' ? 'pretty' : 'json';
}
