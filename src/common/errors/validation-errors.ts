import { ZodError } from 'zod';
import { FieldError, ValidationError } from './domain-error';

/**
 * Zod's issues as `items[0].quantity: must ...` pairs; an unknown key is one error per key,
 * named by its own path. An issue about the whole value names it `body` (a query is always an
 * object, so only a body can be the wrong type as a whole).
 */
export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldName([...issue.path, key]),
        reason: issue.message,
      }));
    }
    return [{ field: fieldName(issue.path), reason: issue.message }];
  });
}

/** The 400 for a request that fails its schema (nestjs-zod's `createValidationException`). */
export function validationException(error: unknown): Error {
  return error instanceof ZodError ? new ValidationError(toFieldErrors(error)) : (error as Error);
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
