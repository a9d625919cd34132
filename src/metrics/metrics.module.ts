import { Module, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { Cluster } from '../cluster';
import { DeliveryCounter, NotificationsModule } from '../notifications';
import { EventRelay } from '../persistence';
import { StreamHub, StreamingModule } from '../streaming';
import { MetricsController } from './metrics.controller';

/**
 * Prometheus metrics. Every value is read from the app's own counters at scrape time, so the
 * streaming hot path pays nothing for being observed.
 */
@Module({
  imports: [StreamingModule, NotificationsModule],
  controllers: [MetricsController],
  providers: [{ provide: Registry, useFactory: () => new Registry() }],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: Registry,
    private readonly hub: StreamHub,
    private readonly relay: EventRelay,
    private readonly deliveries: DeliveryCounter,
    private readonly cluster: Cluster,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'herald_' });
    const stat = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    // Counters mirror totals the app keeps itself: set to the current value at each scrape.
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    stat('herald_sse_open_streams', 'Open SSE streams', () => this.hub.stats().openStreams);
    stat('herald_sse_topics', 'Topics with at least one subscriber', () => this.hub.stats().topics);
    total(
      'herald_sse_events_published_total',
      'Events published to the hub (each once, whatever its fan-out)',
      () => this.hub.stats().published,
    );
    total(
      'herald_sse_events_dropped_total',
      'Events dropped from full subscriber buffers (slow clients)',
      () => this.hub.stats().dropped,
    );
    const { relay } = this;
    new Gauge({
      name: 'herald_relay_lag_events',
      help: 'Events committed to the log but not yet published by this process',
      registers: [this.registry],
      async collect() {
        this.set(await relay.lag());
      },
    });
    stat(
      'herald_sse_pending_bytes',
      'Bytes held for subscribers: queued frames and unsent response buffers',
      () => this.hub.pendingBytes(),
    );
    if (this.cluster.enabled) {
      // The connections' state, not a PING: a scrape never waits on Redis.
      stat('herald_redis_up', 'Whether both Redis connections are up (cluster mode)', () =>
        this.cluster.unreachableReason === undefined ? 1 : 0,
      );
    }
    const { deliveries } = this;
    new Counter({
      name: 'herald_notification_deliveries_total',
      help: 'Notification delivery attempts by channel and outcome (succeeded, failed, timed-out, skipped)',
      labelNames: ['channel', 'outcome'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { channel, outcome, count } of deliveries.snapshot()) {
          this.inc({ channel, outcome }, count);
        }
      },
    });
  }
}
