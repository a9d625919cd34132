/** Who is calling, as proven by their token. */
export interface AuthenticatedUser {
  id: string;
  roles: string[];
}

export function isAdmin(user: AuthenticatedUser): boolean {
  return user.roles.includes('admin');
}
