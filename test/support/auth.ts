/**
 * Credentials for tests. Every e2e test authenticates through these helpers only, so the way a
 * caller proves who they are can change in one place.
 * PLACEHOLDER: sends X-User-Id / X-User-Roles until the auth issue replaces it with signed JWTs.
 */
export async function authHeaders(
  userId: string,
  roles: string[] = [],
): Promise<Record<string, string>> {
  return { 'X-User-Id': userId, 'X-User-Roles': roles.join(',') };
}

export const ADMIN_ID = 'admin-1';

export function adminHeaders(): Promise<Record<string, string>> {
  return authHeaders(ADMIN_ID, ['admin']);
}
