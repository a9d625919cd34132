import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders';
import { OrderReplaySources } from './order-replay.source';
import { OrderStreamsController } from './order-streams.controller';
import { PublishOrderEventsListener } from './publish-order-events.listener';
import { SseStreams } from './sse-streams.service';
import { StreamHub } from './stream-hub.service';

@Module({
  imports: [OrdersModule],
  controllers: [OrderStreamsController],
  providers: [StreamHub, SseStreams, OrderReplaySources, PublishOrderEventsListener],
  exports: [StreamHub, SseStreams],
})
export class StreamingModule {}
