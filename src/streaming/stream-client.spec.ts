import type { Request } from 'express';
import { streamClientOf } from './stream-client';

const request = (method: string, headers: Record<string, string>, query: Record<string, unknown>) =>
  ({ method, headers, query, res: { id: 'response' } }) as unknown as Request;
const signal = new AbortController().signal;

describe('streamClientOf', () => {
  it('takes Last-Event-ID from the header over the query', () => {
    const client = streamClientOf(
      request('GET', { 'last-event-id': '7' }, { lastEventId: '3' }),
      signal,
    );
    expect(client).toEqual({
      lastEventId: '7',
      response: { id: 'response' },
      signal,
      isHead: false,
    });
  });

  it('falls back to ?lastEventId=, and ignores a repeated one', () => {
    expect(streamClientOf(request('GET', {}, { lastEventId: '3' }), signal).lastEventId).toBe('3');
    expect(
      streamClientOf(request('GET', {}, { lastEventId: ['3', '4'] }), signal).lastEventId,
    ).toBeUndefined();
    expect(streamClientOf(request('GET', {}, {}), signal).lastEventId).toBeUndefined();
  });

  it('knows a HEAD request', () => {
    expect(streamClientOf(request('HEAD', {}, {}), signal).isHead).toBe(true);
  });
});
