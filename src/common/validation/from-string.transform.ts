import { Transform } from 'class-transformer';

/**
 * Query parameters and environment variables are strings. These turn the strings that spell a
 * value into it and leave anything else as it came, for the type check to refuse: `limit=ten`
 * and `unread=maybe` are errors, never a silent NaN or `true`.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value,
  );
}

export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
}
