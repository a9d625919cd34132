export { AuthModule } from './auth.module';
export { CurrentUser } from './current-user.decorator';
export { isAdmin } from './authenticated-user';
export type { AuthenticatedUser } from './authenticated-user';
