import { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

/**
 * Zod with Herald's wording: a reason reads after the field's name ("quantity must not be less
 * than 1"), as every other reason in a Problem Details does. Schemas import `z` from here so
 * the wording is set before any of them parses. A schema's own message (`{ error }`) wins.
 */
z.config({ customError: reasonFor });

export { z };

function reasonFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${aOrAn(issue.expected)}`;
    case 'too_small':
      return boundReason(issue.origin, 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return boundReason(issue.origin, 'at most', issue.maximum, issue.inclusive);
    case 'invalid_value':
      return `must be one of ${issue.values.join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${issue.pattern}`
        : `must be ${aOrAn(issue.format)}`;
    case 'unrecognized_keys':
      return 'is not allowed';
    default:
      return undefined; // zod's own message
  }
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', url: 'URL' };

function aOrAn(expected: string): string {
  const name = TYPE_NAMES[expected] ?? expected;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function boundReason(
  origin: string,
  atLeastOrMost: 'at least' | 'at most',
  bound: number | bigint,
  inclusive = true,
): string {
  const count = (unit: string) => `${bound} ${unit}${bound === 1 ? '' : 's'}`;
  if (origin === 'string') return `must be ${atLeastOrMost} ${count('character')} long`;
  if (origin === 'array' || origin === 'set') return `must have ${atLeastOrMost} ${count('item')}`;
  if (!inclusive)
    return `must be ${atLeastOrMost === 'at least' ? 'greater' : 'less'} than ${bound}`;
  return `must not be ${atLeastOrMost === 'at least' ? 'less' : 'greater'} than ${bound}`;
}
