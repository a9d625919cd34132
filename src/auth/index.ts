export { AuthModule } from './auth.module';
export { CurrentUser } from './current-user.decorator';
export { Public } from './public.decorator';
export { isAdmin } from './authenticated-user';
export type { AuthenticatedUser } from './authenticated-user';
export { AccessDeniedError } from './auth.errors';
export { AUTH_COOKIE } from './auth-cookie';
export { applyHttpSecurity } from './http-security';
