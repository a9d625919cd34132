export { StreamingModule } from './streaming.module';
export { StreamHub } from './stream-hub.service';
export type { HubStats } from './stream-hub.service';
export { SseStreams } from './sse-streams.service';
export type { StreamSpec } from './sse-streams.service';
export type { StreamEvent, ReplaySource } from './stream-event';
export { streamClientOf } from './stream-client';
export { SSE_MAX_PENDING_CHARACTERS } from './stream-message';
