import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Alg = 'RS256' | 'ES256';

/** A stand-in identity provider: RS256 and ES256 keys, their public JWKS served over HTTP. */
export interface LocalIdentityProvider {
  jwksUrl: string;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  sign(
    alg: Alg,
    userId: string,
    roles?: string[],
    claims?: Record<string, unknown>,
  ): Promise<string>;
  /** Replaces every key with a new one under a new `kid`, as a provider's key rotation does. */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

async function generation(n: number): Promise<Record<Alg, SigningKey>> {
  const make = async (alg: Alg): Promise<SigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = n === 0 ? `key-${alg}` : `key-${alg}-${n}`;
    return {
      kid,
      privateKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    };
  };
  return { RS256: await make('RS256'), ES256: await make('ES256') };
}

export async function startIdentityProvider(): Promise<LocalIdentityProvider> {
  let keys = await generation(0);
  let rotations = 0;
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: Object.values(keys).map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    sign: (alg, userId, roles = [], claims = {}) =>
      signWith(keys[alg].privateKey, alg, keys[alg].kid, userId, roles, claims),
    rotate: async () => {
      keys = await generation(++rotations);
    },
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
