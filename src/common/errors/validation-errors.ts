import type { ValidationError as ClassValidatorError } from 'class-validator';
import { FieldError, ValidationError } from './domain-error';

/** Flattens class-validator's nested errors into `items[0].quantity: must be ...` pairs. */
export function toFieldErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent
      ? `${parent}${/^\d+$/.test(error.property) ? `[${error.property}]` : `.${error.property}`}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: reason
        .replace(/^property \S+ /, '')
        .replace(new RegExp(`^${escape(error.property)} `), ''),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ClassValidatorError[]): ValidationError {
  return new ValidationError(toFieldErrors(errors));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
