import type { INestApplication, Provider } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/common';
import { configureApp } from '../../src/configure-app';
import { TEST_JWT_SECRET } from './auth';
import { createTestDatabase, DatabaseKind, TestDatabase } from './databases';

export interface TestAppOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Extra providers or overrides, e.g. a recording notification channel. */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  port?: number;
  /** Extra providers, e.g. a test channel or a recording listener. */
  providers?: Provider[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  port: number;
  config: AppConfig;
  close(): Promise<void>;
}

/** Boots the real AppModule on 127.0.0.1 (port 0 unless given), as `main.ts` does. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    // The pages sign in through the dev-token endpoint; with a configured secret that is opt-in
    // (and refused in production).
    AUTH_DEV_TOKENS: options.env?.NODE_ENV === 'production' ? 'auto' : 'on',
    ...options.env,
    DATABASE_URL: options.databaseUrl,
  });
  let builder = Test.createTestingModule({
    imports: [AppModule],
    providers: options.providers ?? [],
  })
    .overrideProvider(AppConfig)
    .useValue(config);
  if (options.customize) builder = options.customize(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({
    bodyParser: false,
    logger: false,
    forceCloseConnections: true,
  });
  try {
    configureApp(app);
    await app.listen(options.port ?? 0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined); // what did start (the database) must not linger
    throw error;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, port, url: `http://127.0.0.1:${port}`, config, close: () => app.close() };
}

/**
 * Herald on a fresh database of `kind` for each test of the `describe` it is called in (at its
 * top); the tests read the running one through the returned functions.
 */
export function heraldPerTest(kind: DatabaseKind): {
  herald: () => TestApp;
  database: () => TestDatabase;
} {
  let database: TestDatabase | undefined;
  let herald: TestApp | undefined;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url });
  });
  afterEach(async () => {
    await herald?.close();
    await database?.drop();
  });
  return { herald: () => herald!, database: () => database! };
}

/** `heraldPerTest` on SQLite: for what only SQLite has (its WAL file). */
export const sqliteHeraldPerTest = () => heraldPerTest('sqlite');
