import { Injectable } from '@nestjs/common';
import { AuthEvents, TokenVerifiedEvent } from '../../auth';
import { OnDomainEvent } from '../../common';
import { RecipientAddresses } from './recipient-addresses.repository';

/** Keeps the `email` claim of each user's newest token, for channels that send later. */
@Injectable()
export class RememberTokenEmailListener {
  constructor(private readonly addresses: RecipientAddresses) {}

  @OnDomainEvent(AuthEvents.tokenVerified)
  async remember({ user }: TokenVerifiedEvent): Promise<void> {
    if (user.email) await this.addresses.rememberTokenEmail(user.id, user.email);
  }
}
