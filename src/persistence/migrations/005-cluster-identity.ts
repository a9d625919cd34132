import { Kysely, Migration } from 'kysely';
import { randomUUID } from 'node:crypto';

/**
 * One row naming this database's cluster: every instance on it reads the same id and uses it
 * to name its Redis keys and channels, so clusters on other databases or schemas that share a
 * Redis never hear each other. Needs nothing to be configured.
 */
export function clusterIdentity(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cluster_identity')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .execute();
      await db.insertInto('cluster_identity').values({ id: randomUUID() }).execute();
    },
  };
}
