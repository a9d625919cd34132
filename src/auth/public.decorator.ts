import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

export const IS_PUBLIC = Symbol('herald:public');

/**
 * A route (or controller) anyone may call without a token. Everything else needs one; this is
 * opt-out on purpose so a new endpoint is protected by default. Also tells the OpenAPI
 * document that the route needs no security.
 */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), SetMetadata(DECORATORS.API_SECURITY, []));
