import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../common';
import { AUTH_COOKIE, authCookieOptions } from './auth-cookie';
import { DEV_TOKEN_TTL_S, DevTokenIssuer } from './dev-token-issuer.service';
import { DevTokensEnabledGuard } from './dev-tokens-enabled.guard';
import { DevTokenDto, DevTokenResponse } from './dev-token.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly issuer: DevTokenIssuer) {}

  @Post('dev-token')
  @UseGuards(DevTokensEnabledGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Development only: a token for any user and roles',
    description:
      'Exists only when NODE_ENV is not production and Herald holds the HS256 secret. Also sets the HttpOnly herald_token cookie for browsers.',
  })
  @ApiOkResponse({ type: DevTokenResponse })
  @ApiProblems(400, 404)
  async devToken(
    @Body() body: DevTokenDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DevTokenResponse> {
    const token = await this.issuer.issue(body.userId, body.roles ?? []);
    res.cookie(AUTH_COOKIE, token, authCookieOptions(DEV_TOKEN_TTL_S * 1000));
    return { token };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clears the herald_token cookie' })
  @ApiNoContentResponse({ description: 'Cookie cleared' })
  logout(@Res({ passthrough: true }) res: Response): void {
    res.clearCookie(AUTH_COOKIE, authCookieOptions());
  }
}
