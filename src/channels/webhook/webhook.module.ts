import { Module } from '@nestjs/common';
import { WebhookChannel } from './webhook.channel';

/** The webhook notification channel. Importing this module is all it takes to add it. */
@Module({ providers: [WebhookChannel] })
export class WebhookModule {}
