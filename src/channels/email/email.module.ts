import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications';
import { DigestItemsRepository } from './digest-items.repository';
import { EmailChannel } from './email.channel';
import { EmailComposer } from './email-composer';
import { EmailDigests } from './email-digests.service';
import { SmtpMailer } from './smtp-mailer.service';

/** The e-mail notification channel, with digests. Importing this module is all it takes. */
@Module({
  imports: [NotificationsModule], // for RecipientAddresses
  providers: [EmailChannel, EmailDigests, EmailComposer, DigestItemsRepository, SmtpMailer],
})
export class EmailModule {}
