import { Injectable } from '@nestjs/common';
import type { DeliveryOutcome } from './delivery-record';

export interface DeliveryCount {
  channel: string;
  outcome: DeliveryOutcome;
  count: number;
}

/** Deliveries by channel and outcome since start, for /metrics. Plain counters: free to keep. */
@Injectable()
export class DeliveryCounter {
  private readonly counts = new Map<string, DeliveryCount>();

  count(channel: string, outcome: DeliveryOutcome): void {
    const key = `${channel}\u0000${outcome}`;
    const entry = this.counts.get(key) ?? { channel, outcome, count: 0 };
    entry.count++;
    this.counts.set(key, entry);
  }

  snapshot(): DeliveryCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }
}
