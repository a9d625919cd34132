import { dropRunSchemas } from './databases';

/** Drops this run's PostgreSQL schemas once no worker is migrating any more (see databases.ts). */
export default async function globalTeardown(): Promise<void> {
  await dropRunSchemas();
}
