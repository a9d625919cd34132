/**
 * The mutation-testing scope, folder by folder: what Stryker mutates, and the suites that are
 * about that code: the unit specs beside it and the e2e suites of its feature. (The e2e suites
 * of other features boot it too, but running them for every mutant would take hours; a mutant
 * only they would kill counts as survived.)
 */
export const MUTATION_FOLDERS = {
  'orders-domain': {
    mutate: ['src/orders/domain/**/*.ts'],
    unit: ['src/orders/.*\\.spec\\.ts$'],
    e2e: ['test/orders\\.e2e-spec\\.ts$'],
  },
  streaming: {
    mutate: ['src/streaming/**/*.ts'],
    unit: ['src/streaming/.*\\.spec\\.ts$'],
    e2e: [
      'test/(order-streams|stream-contract|stream-reconnect|stream-access|customer-feed)\\.e2e-spec\\.ts$',
    ],
  },
  persistence: {
    // The migrations are the schema, which every suite runs; the logic is the outbox, the event
    // log and the relays.
    mutate: ['src/persistence/**/*.ts', '!src/persistence/migrations/**'],
    unit: ['src/persistence/.*\\.spec\\.ts$'],
    e2e: [
      'test/(outbox|event-relay|event-log-pruning|reused-query|wal-checkpointer)\\.e2e-spec\\.ts$',
    ],
  },
  'notifications-delivery': {
    mutate: ['src/notifications/delivery/**/*.ts'],
    unit: ['src/notifications/.*\\.spec\\.ts$'],
    e2e: [
      'test/notifications/(delivery-records|notification-delivery|notification-resume)\\.e2e-spec\\.ts$',
    ],
  },
  auth: {
    mutate: ['src/auth/**/*.ts'],
    unit: ['src/auth/.*\\.spec\\.ts$'],
    e2e: ['test/(auth|http-security|orders-access|stream-access)\\.e2e-spec\\.ts$'],
  },
};
