import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { ValidationError } from '../errors/domain-error';
import { validationException } from '../errors/validation-errors';

/**
 * Validates every body and query against its DTO class: unknown fields are refused, one error
 * each; query strings become numbers and booleans where the DTO says so (`@ToInteger`,
 * `@ToBoolean`); a failure is a 400 Problem Details naming each field.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Values stay on the errors: a missing one "is required", and a record names its bad keys.
      validationError: { target: false, value: true },
      exceptionFactory: validationException,
    });
  }

  /** A body that is no object (`[]`, say) is refused as a whole, not field by absent field. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && isNonObject(value)) {
      throw new ValidationError([{ field: 'body', reason: 'must be an object' }]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Absent (`undefined` or `null`) is not refused here: the DTO decides whether `{}` will do. */
function isNonObject(value: unknown): boolean {
  return value != null && (typeof value !== 'object' || Array.isArray(value));
}
