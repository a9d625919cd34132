import * as nest from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';

export interface AnsweredCode {
  code: string;
  /** Unknown when the source computes it. */
  status?: number;
  title: string;
  file: string;
}

const SRC = join(__dirname, '..', '..', 'src');

/** `super('ORDER.NOT_FOUND', 404, 'Order not found', …)` and `new DomainError('…', …)`. */
const DOMAIN_ERROR =
  /(?:super|new DomainError)\(\s*'([A-Z_]+(?:\.[A-Z_]+)*)',\s*(\d{3}|[^,]+),\s*(['"])(.*?)\3/g;
const NEST_EXCEPTION = /new (\w+Exception)\(/g;

/** What Nest and Express throw by themselves: an unknown route, an undecodable path. */
const FRAMEWORK_CODES: AnsweredCode[] = [
  { code: 'HTTP.NOT_FOUND', status: 404, title: 'Not Found', file: '(Nest router)' },
  { code: 'HTTP.BAD_REQUEST', status: 400, title: 'Bad Request', file: '(Express router)' },
];

/**
 * Every problem code the API can answer with, read from src/ itself: each DomainError built with
 * a literal code, each of Nest's HTTP exceptions thrown (as the error filter names them), and
 * the framework's own.
 */
export function codesAnsweredBySource(): AnsweredCode[] {
  const found: AnsweredCode[] = [...FRAMEWORK_CODES];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, code, status, , title] of text.matchAll(DOMAIN_ERROR)) {
      const literal = /^\d{3}$/.test(status) ? Number(status) : undefined;
      found.push({ code, status: literal, title, file });
    }
    for (const [, name] of text.matchAll(NEST_EXCEPTION)) {
      const status = nestExceptionStatus(name);
      if (status === undefined) continue;
      const title = STATUS_CODES[status]!;
      found.push({ code: `HTTP.${nest.HttpStatus[status]}`, status, title, file });
    }
  }
  return found;
}

function nestExceptionStatus(name: string): number | undefined {
  const exception = (nest as Record<string, unknown>)[name];
  if (typeof exception !== 'function') return undefined; // not Nest's (DOMException ...)
  const instance: unknown = new (exception as new () => unknown)();
  return instance instanceof nest.HttpException ? instance.getStatus() : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
