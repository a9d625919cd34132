import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

export const IS_PUBLIC = Symbol('herald:public');

/**
 * A route (or controller) anyone may call without a token. Everything else needs one; this is
 * opt-out on purpose so a new endpoint is protected by default.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), documentNoSecurity);

/**
 * Tells the OpenAPI document the route needs no token (`security: []`). On a controller that is
 * its security metadata; on a method Swagger drops an empty list, so it goes into the operation,
 * merged with whatever `@ApiOperation()` says whichever decorator runs first.
 */
function documentNoSecurity(
  target: object,
  _key?: string | symbol,
  descriptor?: PropertyDescriptor,
) {
  if (!descriptor) return void Reflect.defineMetadata(DECORATORS.API_SECURITY, [], target);
  const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value);
  Reflect.defineMetadata(
    DECORATORS.API_OPERATION,
    { ...operation, security: [] },
    descriptor.value,
  );
}
