import type { ValidationError } from 'class-validator';

/** Checks of what a value is: when one fails, the checks of its size or format fail with it. */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

/**
 * One readable reason for a property that failed: "must not be less than 1", read after the
 * field's name, as every other reason in a Problem Details is. A missing value "is required"
 * (its type check would say what it should have been, not that it is absent); a failed type
 * check explains the others; the walk into nested values comes last.
 */
export function reasonOf(error: ValidationError): string {
  if (error.value === undefined) return 'is required';
  const failed = Object.entries(error.constraints ?? {});
  const [, message] =
    failed.find(([name]) => TYPE_CHECKS.has(name)) ??
    failed.find(([name]) => name !== 'nestedValidation') ??
    failed[0] ??
    [];
  return withoutSubject(message ?? 'is invalid', error.property);
}

/** class-validator's messages name the property first ("quantity must ..."). */
function withoutSubject(message: string, property: string): string {
  const name = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message
    .replace(/^(each value in )?(nested )?property \S+ /, '')
    .replace(new RegExp(`^each value in ${name} `), 'each value ')
    .replace(new RegExp(`^${name} `), '');
}
