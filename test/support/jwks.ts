import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Alg = 'RS256' | 'ES256';

/** A stand-in identity provider: RS256 and ES256 keys, their public JWKS served over HTTP. */
export interface LocalIdentityProvider {
  jwksUrl: string;
  sign(
    alg: Alg,
    userId: string,
    roles?: string[],
    claims?: Record<string, unknown>,
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startIdentityProvider(): Promise<LocalIdentityProvider> {
  const keys = {
    RS256: await generateKeyPair('RS256', { extractable: true }),
    ES256: await generateKeyPair('ES256', { extractable: true }),
  };
  const jwks = {
    keys: await Promise.all(
      (Object.keys(keys) as Alg[]).map(async (alg) => ({
        ...(await exportJWK(keys[alg].publicKey)),
        kid: `key-${alg}`,
        alg,
        use: 'sig',
      })),
    ),
  };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (alg, userId, roles = [], claims = {}) =>
      signWith(keys[alg].privateKey, alg, `key-${alg}`, userId, roles, claims),
    close: () => closeServer(server),
  };
}

/** Signs like an identity provider would; `privateKey` may be one the JWKS does not list. */
export function signWith(
  privateKey: CryptoKey,
  alg: Alg,
  kid: string,
  userId: string,
  roles: string[] = [],
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ roles, ...claims })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
