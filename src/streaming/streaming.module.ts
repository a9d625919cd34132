import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders';
import { Heartbeats } from './heartbeats.service';
import { OrderReplaySources } from './order-replay.source';
import { OrderStreamsController } from './order-streams.controller';
import { PublishOrderEventsListener } from './publish-order-events.listener';
import { SseStreams } from './sse-streams.service';
import { StreamHub } from './stream-hub.service';
import { StreamLimits } from './stream-limits.service';

@Module({
  imports: [OrdersModule],
  controllers: [OrderStreamsController],
  providers: [
    StreamHub,
    StreamLimits,
    Heartbeats,
    SseStreams,
    OrderReplaySources,
    PublishOrderEventsListener,
  ],
  exports: [StreamHub, SseStreams],
})
export class StreamingModule {}
