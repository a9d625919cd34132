/** Who is calling, as proven by their token. */
export interface AuthenticatedUser {
  id: string;
  roles: string[];
  /** The token's standard `email` claim, unless the token says it is not verified. */
  email?: string;
}

export function isAdmin(user: AuthenticatedUser): boolean {
  return user.roles.includes('admin');
}
