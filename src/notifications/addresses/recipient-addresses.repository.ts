import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, Database } from '../../persistence';

/**
 * `notification_addresses`: where a user's e-mail goes. The address the user chose
 * (`PUT /notifications/preferences { email }`) wins over the `email` claim of their latest
 * token, which is remembered because channels send long after the request that carried it.
 */
@Injectable()
export class RecipientAddresses {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The address to e-mail this user at, or null when there is none. */
  async emailOf(userId: string): Promise<string | null> {
    const row = await this.find(userId);
    return row?.email ?? row?.token_email ?? null;
  }

  /** The address the user chose themselves, or null. */
  async chosenEmailOf(userId: string): Promise<string | null> {
    return (await this.find(userId))?.email ?? null;
  }

  /** Sets (or, with null, clears) the user's own choice. */
  choose(userId: string, email: string | null): Promise<void> {
    return this.upsert(userId, { email });
  }

  rememberTokenEmail(userId: string, email: string): Promise<void> {
    return this.upsert(userId, { token_email: email });
  }

  private find(userId: string) {
    return this.db
      .selectFrom('notification_addresses')
      .select(['email', 'token_email'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  private async upsert(
    userId: string,
    values: { email: string | null } | { token_email: string },
  ): Promise<void> {
    const changed = { ...values, updated_at: new Date().toISOString() };
    await this.db
      .insertInto('notification_addresses')
      .values({ user_id: userId, ...changed })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(changed))
      .execute();
  }
}
