import type { ChildProcess } from 'node:child_process';

/** One JSON line of Herald's log, with the fields the tests look at. */
export interface LogLine {
  level: number;
  msg: string;
  context?: string;
  correlationId?: string;
  requestId?: string;
  req?: { id: string; url: string; headers: Record<string, string> };
  res?: { statusCode: number };
  [field: string]: unknown;
}

/** Collects the JSON lines a real process (started with `stdout: 'pipe'`) writes, as they come. */
export function collectLogLines(server: ChildProcess): LogLine[] {
  const lines: LogLine[] = [];
  let partial = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop()!;
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line));
  });
  return lines;
}
