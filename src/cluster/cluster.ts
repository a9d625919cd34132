import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../common';
import type { Database } from '../persistence';

type Handler = (payload: string) => void;

/**
 * This instance's membership of a cluster (REDIS_URL set): its id, Redis for commands and a
 * second connection for pub/sub, and the names of the cluster's keys and channels (prefixed
 * with the database's cluster id, so clusters sharing a Redis never mix). Disabled with one
 * process: nothing connects, publishing goes nowhere.
 */
export class Cluster implements OnApplicationShutdown {
  private readonly logger = new Logger(Cluster.name);
  readonly instanceId = randomUUID();
  private readonly handlers = new Map<string, Handler>();
  private readonly commands: Redis | undefined;
  private readonly subscriber: Redis | undefined;
  private readonly extra: Redis[] = [];
  private reportedDown = false;
  /** The last connection error of the current outage, for /health. */
  private lastError: string | undefined;

  private constructor(
    private readonly prefix: string,
    redisUrl: string | undefined,
  ) {
    if (!redisUrl) return;
    this.commands = this.connect(new Redis(redisUrl, redisOptions), 'commands');
    this.subscriber = this.connect(this.commands.duplicate(), 'pub/sub');
    this.subscriber.on('message', (channel: string, message: string) =>
      this.deliver(channel, message),
    );
  }

  static async join(config: AppConfig, db: Database): Promise<Cluster> {
    if (!config.cluster.redisUrl) return new Cluster('', undefined);
    const { id } = await db.selectFrom('cluster_identity').select('id').executeTakeFirstOrThrow();
    return new Cluster(`herald:${id}:`, config.cluster.redisUrl);
  }

  get enabled(): boolean {
    return this.commands !== undefined;
  }

  /**
   * Whether Redis is connected right now. While it is not, callers skip it at once (limits
   * count per process, wake-ups are left to the relays' poll) instead of queueing commands
   * that would wait through reconnection attempts.
   */
  get reachable(): boolean {
    return this.commands?.status === 'ready';
  }

  /**
   * Why Redis cannot be used right now (a connection that is not ready, and its last error),
   * or undefined while both connections are up, and always with one process.
   */
  get unreachableReason(): string | undefined {
    const connections = { commands: this.commands, 'pub/sub': this.subscriber };
    const down = Object.entries(connections)
      .filter(([, connection]) => connection && connection.status !== 'ready')
      .map(([role, connection]) => `${role} ${connection!.status}`);
    if (down.length === 0) return undefined;
    const cause = this.lastError ? `: ${this.lastError}` : '';
    return `Redis is unreachable (${down.join(', ')})${cause}`;
  }

  /** Redis for commands (throws with one process: callers check `enabled`). */
  get redis(): Redis {
    if (!this.commands) throw new Error('not in cluster mode (REDIS_URL unset)');
    return this.commands;
  }

  /** The cluster's name for a key or channel. */
  key(name: string): string {
    return this.prefix + name;
  }

  /** Sends `payload` to the `subscribe(channel)` handler of every other instance. */
  publish(channel: string, payload: string): void {
    if (!this.reachable) return; // the relays' poll reads the log meanwhile
    this.commands
      ?.publish(this.key(channel), this.instanceId + payload)
      .catch((error: unknown) => this.reportUnreachable(error));
  }

  /** Handles what the other instances publish on `channel` (one handler per channel). */
  subscribe(channel: string, handler: Handler): void {
    if (!this.subscriber) return;
    this.handlers.set(this.key(channel), handler);
    this.subscriber
      .subscribe(this.key(channel))
      .catch((error: unknown) => this.reportUnreachable(error));
  }

  /** Another connection whose keys all start with the cluster's `name` (for libraries). */
  connectionPrefixed(name: string): Redis {
    const connection = this.connect(this.redis.duplicate({ keyPrefix: this.key(name) }), name);
    this.extra.push(connection);
    return connection;
  }

  /** Logs once per outage, not once per failed command or reconnection attempt. */
  reportUnreachable(error: unknown, role = 'commands'): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.reportedDown) return;
    this.reportedDown = true;
    this.logger.warn({ err: error }, `Redis (${role}) is unreachable`);
  }

  async onApplicationShutdown(): Promise<void> {
    const connections = [this.subscriber, this.commands, ...this.extra];
    await Promise.all(connections.map((connection) => connection?.quit().catch(noop)));
  }

  private deliver(channel: string, message: string): void {
    if (message.startsWith(this.instanceId)) return; // its own: already handled here
    const handler = this.handlers.get(channel);
    try {
      handler?.(message.slice(this.instanceId.length));
    } catch (error) {
      this.logger.error({ err: error, channel }, 'a cluster message could not be handled');
    }
  }

  private connect(redis: Redis, role: string): Redis {
    redis.on('error', (error: Error) => this.reportUnreachable(error, role));
    redis.on('ready', () => {
      if (this.reportedDown) this.logger.log(`Redis (${role}) is back`);
      this.reportedDown = false;
      if (this.unreachableReason === undefined) this.lastError = undefined;
    });
    return redis;
  }
}

const noop = () => undefined;

const redisOptions = {
  // Several commits of one turn share one write.
  enableAutoPipelining: true,
  // A command waits through at most two reconnection attempts while Redis is down, then fails.
  maxRetriesPerRequest: 2,
  connectTimeout: 2000,
};
