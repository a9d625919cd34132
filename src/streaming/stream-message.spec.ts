import {
  droppedMessage,
  HEARTBEAT,
  positionId,
  resyncMessage,
  retryMessage,
  StreamMessage,
  toStreamMessage,
} from './stream-message';

describe(StreamMessage.name, () => {
  it('carries its sequence as its id and its data as one JSON string', () => {
    const message = new StreamMessage(7, 'order-update', { status: 'Packed' });
    expect(message).toMatchObject({
      id: '7',
      sequence: 7,
      type: 'order-update',
      data: '{"status":"Packed"}',
      final: false,
    });
    expect(message.length).toBe('{"status":"Packed"}'.length);
  });

  it('is made from a stream event, final or not', () => {
    const event = { id: 3, event: 'order-update', data: { a: 1 }, final: true };
    expect(toStreamMessage(event)).toMatchObject({ id: '3', type: 'order-update', final: true });
  });
});

describe('positionId', () => {
  it('is empty before any event and the event id after one', () => {
    expect(positionId(undefined)).toBe('');
    expect(positionId(0)).toBe('');
    expect(positionId(12)).toBe('12');
  });
});

describe('notices', () => {
  it('opens a stream with retry and the client position', () => {
    expect(retryMessage(2000, 5)).toEqual({ retry: 2000, id: '5' });
    expect(retryMessage(2000, undefined)).toEqual({ retry: 2000, id: '' });
  });

  it('resyncs with no position, naming the reason and the id that was refused', () => {
    expect(resyncMessage('unknown-id', '99')).toMatchObject({
      id: '',
      sequence: 0,
      type: 'resync',
      data: '{"reason":"unknown-id","lastEventId":"99"}',
      final: false,
    });
  });

  it('tells how many were dropped and keeps the position before the gap', () => {
    expect(droppedMessage(4, 10)).toMatchObject({
      id: '10',
      sequence: 0,
      type: 'dropped',
      data: '{"count":4,"resumeFrom":10}',
      final: false,
    });
  });

  it('beats the heart with an empty comment that nobody can change', () => {
    expect(HEARTBEAT).toEqual({ comment: '' });
    expect(Object.isFrozen(HEARTBEAT)).toBe(true);
  });
});
