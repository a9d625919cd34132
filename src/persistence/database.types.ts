import type { ColumnType, Generated, Kysely } from 'kysely';

/** Timestamps are ISO-8601 strings in both databases: one code path, sortable as text. */
type Timestamp = string;

export interface OrdersTable {
  id: string;
  customer_id: string;
  items: string; // JSON array of order lines
  total_cents: number;
  currency: string;
  status: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventLogTable {
  seq: Generated<number>;
  event_id: string;
  type: string;
  aggregate_id: string;
  user_id: string;
  payload: string; // JSON
  occurred_at: Timestamp;
  /** The request that caused it; null for events logged before migration 007. */
  correlation_id: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface NotificationsTable {
  seq: Generated<number>;
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  severity: string;
  order_id: string | null;
  data: string; // JSON
  created_at: Timestamp;
  read_at: Timestamp | null;
  correlation_id: ColumnType<string | null, string | null | undefined, string | null>;
  traceparent: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  notification_id: string;
  channel: string;
  attempt: number;
  outcome: string;
  error: string | null;
  reference: ColumnType<string | null, string | null | undefined, string | null>;
  attempted_at: Timestamp;
  correlation_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationPreferencesTable {
  user_id: string;
  channels: string; // JSON { [channel]: boolean }
  updated_at: Timestamp;
}

/** Where a user's e-mail goes: the address they chose, else their token's `email` claim. */
export interface NotificationAddressesTable {
  user_id: string;
  email: string | null;
  token_email: string | null;
  updated_at: Timestamp;
}

/** A notification taken into an e-mail digest: pending until `sent_at`, then which e-mail. */
export interface EmailDigestItemsTable {
  notification_id: string;
  user_id: string;
  queued_at: Timestamp;
  message_id: string | null;
  sent_at: Timestamp | null;
}

export interface SimulationsTable {
  order_id: string;
  step_ms: number;
  due_at: Timestamp;
  correlation_id: ColumnType<string | null, string | null | undefined, string | null>;
  traceparent: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ClusterIdentityTable {
  id: string;
}

export interface HeraldDatabase {
  orders: OrdersTable;
  event_log: EventLogTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_preferences: NotificationPreferencesTable;
  notification_addresses: NotificationAddressesTable;
  email_digest_items: EmailDigestItemsTable;
  cluster_identity: ClusterIdentityTable;
  simulations: SimulationsTable;
}

export type Database = Kysely<HeraldDatabase>;
export type DatabaseDialect = 'sqlite' | 'postgres';
