import type { DiscoveryService } from '@nestjs/core';
import type { INotificationChannel } from '../notification-channel';
import { ChannelRegistry } from './channel-registry.service';

const send = async () => undefined;

function registryOf(...instances: unknown[]) {
  const discovery = {
    getProviders: () => instances.map((instance) => ({ instance })),
  } as unknown as DiscoveryService;
  const registry = new ChannelRegistry(discovery);
  return { registry, init: () => registry.onModuleInit() };
}

describe(ChannelRegistry.name, () => {
  it('finds the tagged channels, the inbox first among the names, and delivers through the enabled ones', () => {
    const email = { name: 'email', send, enabled: false } as INotificationChannel;
    const sse = { name: 'sse', send } as INotificationChannel;
    const webhook = { name: 'web.hook-1', send, enabled: true } as INotificationChannel;
    const { registry, init } = registryOf(email, undefined, sse, webhook);
    init();
    expect(registry.names).toEqual(['inbox', 'email', 'sse', 'web.hook-1']);
    expect(registry.active).toEqual([sse, webhook]);
  });

  it('refuses a channel without a name or a send()', () => {
    class NoSend {
      name = 'x';
    }
    expect(registryOf(new NoSend()).init).toThrow(
      'NoSend is tagged @NotificationChannel() but lacks a name or send().',
    );
    expect(registryOf({ name: 42, send }).init).toThrow(/lacks a name or send/);
  });

  it('refuses a name that does not fit the deliveries table', () => {
    for (const name of ['', 'has space', 'a'.repeat(65), 'ok\n']) {
      expect(registryOf({ name, send }).init).toThrow(
        `Notification channel name "${name}" must be 1 to 64 letters, digits, _ . or -.`,
      );
    }
    expect(() => registryOf({ name: 'a'.repeat(64), send }).init()).not.toThrow();
  });

  it('refuses two channels of one name, or one named like the inbox', () => {
    expect(registryOf({ name: 'sms', send }, { name: 'sms', send }).init).toThrow(
      'Two notification channels are named "sms"; names must be unique.',
    );
    expect(registryOf({ name: 'inbox', send }).init).toThrow(/named "inbox"/);
  });
});
