import { randomBytes } from 'node:crypto';

/** Names this run, so its PostgreSQL test schemas can be told apart from another run's. */
export default function globalSetup(): void {
  process.env.HERALD_TEST_RUN ??= randomBytes(3).toString('hex');
}
