import { Logger } from '@nestjs/common';
import type { EventEmitter2, EventEmitterReadinessWatcher } from '@nestjs/event-emitter';
import { EventLoopUtilization, performance } from 'node:perf_hooks';
import type { LoggedEvent } from './event-log.repository';
import type { RelayPolicy } from './relay-policy';
import { RelayBatchFailure } from './relay-batch-failure';

const BATCH_SIZE = 500;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const POLL_INTERVAL_MS = 1000;
/**
 * Above this share of busy time since the last batch began, the loop is saturated: the next
 * batch waits for `CONSOLIDATED_COMMITS` more commits (a group commit counts once), at most
 * `MAX_CONSOLIDATED_TURNS` turns, so it carries several commits' events and each stream gets one
 * write for all of them. Two, because under load the outbox's groups alternate between the
 * requests that arrived together and the few that came just after them.
 */
const SATURATED_UTILIZATION = 0.9;
/** A shorter window says nothing: one batch's own synchronous work reads as 100 % busy. */
const MIN_UTILIZATION_WINDOW_MS = 10;
const CONSOLIDATED_COMMITS = 2;
const MAX_CONSOLIDATED_TURNS = 3;

/**
 * Publishes committed events from the log on the in-process bus, in log order, once each.
 * Told of every commit it should know of (`publishCommitted`); also polls, and at start-up
 * catches up from where its policy says (a previous process's unpublished events, or the end
 * of the log). Listeners finish their durable work before the batch is settled (marked
 * published), so after a crash in between an event is published again: listeners are
 * idempotent by eventId. Started once and stopped once.
 */
export class LogRelay {
  private readonly logger: Logger;
  private cursor = 0;
  private pending = false;
  private draining: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;
  private starting: Promise<void> | undefined;
  /** Commits so far (each kicks once), to tell when one more has come. */
  private kicks = 0;
  /** The event loop's counters when the last batch began, to tell a saturated loop. */
  private lastBatchLoop: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(
    private readonly policy: RelayPolicy,
    private readonly bus: EventEmitter2,
    private readonly listenersReady: EventEmitterReadinessWatcher,
    name: string,
  ) {
    this.logger = new Logger(name);
  }

  /** Starts once every @OnEvent listener is subscribed, so recovered events reach them all. */
  start(): void {
    this.starting = this.begin();
  }

  /** Finishes the batch being relayed and stops; what commits later stays in the log. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    await this.starting;
    this.poller = undefined;
    await this.draining;
  }

  /** The sequence of the last event this process published. */
  get publishedUpTo(): number {
    return this.cursor;
  }

  /**
   * Publishes what this process has just committed (the outbox hands it over once the commit
   * is done, before the committing callers resume). When it is the next in the log, nothing
   * else is being relayed and the loop has time to spare, it is published at once, without
   * reading it back: the hub writes it out before the requests that made it are answered (in
   * `moderate`, a request's controller to the hub 1.0–1.1 → 0.5 ms; docs/performance.md).
   * Otherwise this is a kick, and a drain reads it from the log with whatever else is there
   * (consolidated when the loop is saturated, see `kick`).
   */
  publishCommitted(events: readonly LoggedEvent[]): void {
    if (events.length === 0 || this.stopped) return;
    if (this.started && events[events.length - 1].event.sequence <= this.cursor) return; // had it
    const busy = !this.started || this.draining !== undefined || this.pending;
    if (busy || !this.follows(events) || this.saturatedSinceLastBatch()) return this.kick();
    this.kicks++;
    this.lastBatchLoop = performance.eventLoopUtilization();
    this.relay(this.publish(events).catch((error: unknown) => this.logFailure(error)));
  }

  /**
   * Asks for a drain; concurrent kicks coalesce into one loop. The loop starts on the next turn
   * of the event loop, so the commits of one turn are read, published and marked as one batch
   * rather than one by one; when the loop was saturated since the last batch began, not before
   * two more commits have come (at most three turns later), so a batch holds several commits'
   * worth (like Netty's flush consolidation: fewer, larger writes when busy, a few turns of
   * added latency at most, and none when the loop has time to spare).
   */
  kick(): void {
    if (this.stopped) return;
    this.pending = true;
    this.kicks++;
    if (!this.started) return; // the first drain runs once every listener is subscribed
    if (this.draining === undefined) this.relay(this.nextDrainTurn().then(() => this.drain()));
  }

  /** Runs one relaying at a time: while it runs, kicks only mark more as pending. */
  private relay(relaying: Promise<void>): void {
    this.draining = relaying.finally(() => {
      this.draining = undefined;
      if (this.pending) this.kick(); // kicked after the relaying's last check
    });
  }

  /** Names the requests whose events wait, when a batch's publishing failed. */
  private logFailure(error: unknown): void {
    const { cause, correlationIds } = RelayBatchFailure.unwrap(error);
    this.logger.error({ err: cause, correlationIds }, 'relay failed; the next poll retries');
  }

  private async nextDrainTurn(): Promise<void> {
    await nextTurn();
    await this.waitWhileSaturated();
  }

  /** If the loop was saturated since the last batch began, waits for more commits to join it. */
  private async waitWhileSaturated(): Promise<void> {
    if (this.saturatedSinceLastBatch()) {
      const enough = this.kicks + CONSOLIDATED_COMMITS;
      for (let turn = 0; turn < MAX_CONSOLIDATED_TURNS && this.kicks < enough; turn++)
        await nextTurn();
    }
    this.lastBatchLoop = performance.eventLoopUtilization();
  }

  private saturatedSinceLastBatch(): boolean {
    const loop = performance.eventLoopUtilization(this.lastBatchLoop);
    return (
      loop.idle + loop.active >= MIN_UTILIZATION_WINDOW_MS &&
      loop.utilization > SATURATED_UTILIZATION
    );
  }

  /** True when `events` are the ones right after the last published, without a gap. */
  private follows(events: readonly LoggedEvent[]): boolean {
    return events.every(({ event }, index) => event.sequence === this.cursor + 1 + index);
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.stopped) {
      this.pending = false;
      try {
        while (!this.stopped && (await this.publishBatch())) this.pending = false;
      } catch (error) {
        this.logFailure(error);
        this.pending = false; // not at once: the poll retries
        return;
      }
      // Committed while the batch's listeners ran: the next batch, consolidated when busy.
      if (this.pending && !this.stopped) await this.waitWhileSaturated();
    }
  }

  /** Reads and publishes one batch; true when it was full (more may wait). */
  private async publishBatch(): Promise<boolean> {
    const batch = await this.policy.read(this.cursor, BATCH_SIZE);
    if (batch.length === 0) return false;
    await this.publish(batch);
    return batch.length === BATCH_SIZE;
  }

  /**
   * Emits the batch, synchronously, before its first await. Every listener of the batch is
   * awaited (a notification must be in the inbox) before the batch is settled (the rows marked
   * published); if anything fails the cursor stays put and the next poll publishes the batch
   * again, which idempotent listeners and the hub (it drops ids a client already has) absorb.
   */
  private async publish(batch: readonly LoggedEvent[]): Promise<void> {
    // Emitted back to back, so listeners that publish synchronously (the hub) see the whole
    // batch in one turn of the event loop and write it to each client at once.
    // Untyped on purpose: names and payloads are read back from the log (DomainEventEmitter).
    const handled: Promise<unknown>[] = [];
    for (const { type, event } of batch)
      for (const name of this.policy.namesOf(type)) handled.push(this.bus.emitAsync(name, event));
    try {
      await Promise.all(handled);
      await this.policy.settle(batch);
    } catch (error) {
      throw new RelayBatchFailure(error, batch);
    }
    this.cursor = batch[batch.length - 1].event.sequence;
  }

  private async begin(): Promise<void> {
    await this.listenersReady.waitUntilReady();
    while (!this.stopped && !this.started) {
      try {
        this.cursor = await this.policy.startCursor();
        this.started = true;
      } catch (error) {
        this.logger.error({ err: error }, 'cannot read the event log; retrying');
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS).unref());
      }
    }
    if (this.stopped) return;
    this.kick();
    this.poller = setInterval(() => this.kick(), POLL_INTERVAL_MS).unref();
  }
}
