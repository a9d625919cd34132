import { Client } from 'pg';

// Any constant works; with the schema's hash it names the lock the cluster's leader holds.
const LEADER_LOCK_KEY = 0x6865726c;

/**
 * A PostgreSQL session advisory lock on a connection of its own: held while the session
 * lives, released by PostgreSQL the moment the holder's connection closes (a crashed process's
 * socket is closed by its kernel). Keyed by the schema too, so clusters on other schemas of
 * the same database (parallel test runs) elect their own leaders.
 */
export class LeaderLock {
  private client: Client | undefined;
  private lost = false;

  constructor(private readonly url: string) {}

  /** True once this session holds the lock (it then holds it until `release` or a lost session). */
  async tryAcquire(): Promise<boolean> {
    const client = await this.connected();
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, hashtext(current_schema())) as locked',
      [LEADER_LOCK_KEY],
    );
    return rows[0].locked;
  }

  /** Throws when the session (and so the lock) is gone. */
  async confirm(): Promise<void> {
    if (this.lost || !this.client) throw new Error('the leader lock session is gone');
    await this.client.query('select 1');
  }

  /** Ends the session, which releases the lock if held. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connected(): Promise<Client> {
    if (this.client && !this.lost) return this.client;
    await this.release();
    this.lost = false;
    const client = new Client({ connectionString: this.url, keepAlive: true });
    client.on('error', () => (this.lost = true)); // the next confirm() fails and steps down
    client.on('end', () => (this.lost = true));
    await client.connect();
    // PostgreSQL notices a vanished host (no FIN) within ~8 s instead of the OS's two hours.
    await client.query(
      "set application_name = 'herald-leader'; set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 1; set tcp_keepalives_count = 3",
    );
    this.client = client;
    return client;
  }
}
