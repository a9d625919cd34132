import { isObject, ValidateBy, ValidationOptions } from 'class-validator';

/** What `@IsRecordOf` hands the exception factory in its context. */
export interface RecordEntries {
  invalidKeys(value: unknown): string[];
  reason: string;
}

export const RECORD_ENTRIES = 'recordEntries';

/**
 * A JSON object of any keys whose every value passes `check` (`{ webhook: false }`).
 * class-validator only walks declared properties, so the keys whose value fails travel in the
 * constraint's context and the exception factory reports each as its own field
 * (`channels.webhook: <reason>`). A value that is no object at all gets `options.message`.
 */
export function IsRecordOf(
  check: (value: unknown) => boolean,
  reason: string,
  options?: ValidationOptions,
): PropertyDecorator {
  const entries: RecordEntries = {
    reason,
    invalidKeys: (value) =>
      isRecord(value) ? Object.keys(value).filter((key) => !check(value[key])) : [],
  };
  return ValidateBy(
    {
      name: 'isRecordOf',
      validator: {
        validate: (value) => isRecord(value) && Object.values(value).every(check),
        defaultMessage: () => '$property must be an object',
      },
    },
    { ...options, context: { [RECORD_ENTRIES]: entries } },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value);
}
