import type { ValidationError as ClassValidatorError } from 'class-validator';
import { RECORD_ENTRIES, RecordEntries } from '../validation/is-record-of.decorator';
import { reasonOf } from '../validation/validation-reason';
import { FieldError, ValidationError } from './domain-error';

/**
 * class-validator's error tree as `items[0].quantity: must ...` pairs, children included; an
 * unknown field is one error of its own (whitelisting reports each), named by its path.
 */
export function toFieldErrors(failures: readonly ClassValidatorError[], parent = ''): FieldError[] {
  return failures.flatMap((failure) => {
    const field = fieldName(parent, failure.property);
    const own = failure.constraints ? ownErrors(failure, field) : [];
    return [...own, ...toFieldErrors(failure.children ?? [], field)];
  });
}

/** The 400 for a request that fails its DTO: the `ValidationPipe`'s `exceptionFactory`. */
export function validationException(failures: ClassValidatorError[]): ValidationError {
  return new ValidationError(toFieldErrors(failures));
}

function ownErrors(failure: ClassValidatorError, field: string): FieldError[] {
  const entries = Object.values(failure.contexts ?? {})
    .map((context) => context[RECORD_ENTRIES] as RecordEntries | undefined)
    .find(Boolean);
  const invalidKeys = entries?.invalidKeys(failure.value) ?? [];
  if (entries && invalidKeys.length > 0) {
    return invalidKeys.map((key) => ({ field: `${field}.${key}`, reason: entries.reason }));
  }
  return [{ field, reason: reasonOf(failure) }];
}

/** Array items are children named by their index. */
function fieldName(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
