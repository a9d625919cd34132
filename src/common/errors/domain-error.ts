/** One field-level reason in a validation problem. */
export interface FieldError {
  field: string;
  reason: string;
}

/**
 * An error the API explains to its caller. `code` is stable (clients may switch on it);
 * `status` is the HTTP status the Problem Details filter answers with.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super('REQUEST.INVALID', 400, 'Invalid request', describe(errors), { errors });
  }
}

function describe(errors: FieldError[]): string {
  return errors.length === 1
    ? `${errors[0].field} ${errors[0].reason}`
    : `${errors.length} fields are invalid`;
}
