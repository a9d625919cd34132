import { ValidateIf } from 'class-validator';

/**
 * The property may be left out; when it is there it is validated, `null` included (which
 * class-validator's `@IsOptional()` would let through to code that expects a value or nothing).
 */
export function MayBeOmitted(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
