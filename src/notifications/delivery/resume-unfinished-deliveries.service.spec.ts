import type { AppConfig } from '../../common';
import type { Leadership } from '../../persistence';
import type { InboxRepository } from '../inbox/inbox.repository';
import type { Notification } from '../notification';
import type { NotificationPublisher } from '../notification-publisher.service';
import type { ChannelRegistry } from './channel-registry.service';
import type { DeliveriesRepository } from './deliveries.repository';
import type { ChannelProgress } from './delivery-record';
import { ResumeUnfinishedDeliveries } from './resume-unfinished-deliveries.service';

type Progress = Record<string, Record<string, ChannelProgress>>;

const NOW = Date.parse('2026-12-05T12:00:00.000Z');

function setUp(progress: Progress, inbox: string[] = Object.keys(progress)) {
  const asked: [string, number][] = [];
  const published: string[] = [];
  const deliveries = {
    recentProgress: async (since: string, limit: number) => {
      asked.push([since, limit]);
      return new Map(
        Object.entries(progress).map(([id, byChannel]) => [id, new Map(Object.entries(byChannel))]),
      );
    },
  } as unknown as DeliveriesRepository;
  const inboxRepository = {
    get: async (id: string) => (inbox.includes(id) ? ({ id } as Notification) : undefined),
  } as unknown as InboxRepository;
  const publisher = {
    publish: async (notification: Notification) => void published.push(notification.id),
  } as unknown as NotificationPublisher;
  const registry = {
    active: [{ name: 'email' }, { name: 'webhook' }],
  } as unknown as ChannelRegistry;
  const config = { notify: { maxAttempts: 3 } } as unknown as AppConfig;
  let duty: { start(): void } | undefined;
  const leadership = {
    whileLeading: (d: { start(): void }) => (duty = d),
  } as unknown as Leadership;
  const resume = new ResumeUnfinishedDeliveries(
    deliveries,
    inboxRepository,
    publisher,
    registry,
    config,
    leadership,
  );
  return { resume, asked, published, lead: () => duty!.start() };
}

const progress = (succeeded: boolean, attempts: number): ChannelProgress => ({
  succeeded,
  attempts,
});

describe(ResumeUnfinishedDeliveries.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('publishes again what an enabled channel was queued for and has not finished', async () => {
    const { resume, asked, published } = setUp({
      failedOnce: { email: progress(false, 1) },
      queuedOnly: { webhook: progress(false, 0) },
      delivered: { email: progress(true, 1) },
      gaveUp: { email: progress(false, 3) },
      oneLeft: { email: progress(true, 1), webhook: progress(false, 2) },
      otherChannel: { sms: progress(false, 1) },
    });
    expect(await resume.resume()).toBe(3);
    expect(published).toEqual(['failedOnce', 'queuedOnly', 'oneLeft']);
    expect(asked).toEqual([['2026-12-04T12:00:00.000Z', 2000]]); // the past day, 2,000 at most
  });

  it('skips a notification the inbox no longer has', async () => {
    const { resume, published } = setUp(
      { gone: { email: progress(false, 1) }, kept: { email: progress(false, 1) } },
      ['kept'],
    );
    expect(await resume.resume()).toBe(2);
    expect(published).toEqual(['kept']);
  });

  it('resumes when this instance leads, and shutdown waits for it', async () => {
    const { resume, published, lead } = setUp({ a: { email: progress(false, 1) } });
    resume.onApplicationBootstrap();
    expect(published).toEqual([]);
    lead();
    await resume.beforeApplicationShutdown();
    expect(published).toEqual(['a']);
  });
});
