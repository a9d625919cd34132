import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationError } from '../errors/domain-error';

/** `@Param('id', ParseIdPipe)`: a malformed id is a 400 naming the field. */
export const ParseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', reason: 'must be a UUID' }]),
});
