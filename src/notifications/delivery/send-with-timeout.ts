import type { INotificationChannel } from '../notification-channel';
import type { Notification } from '../notification';
import type { DeliveryOutcome } from './delivery-record';

export interface AttemptResult {
  outcome: Extract<DeliveryOutcome, 'succeeded' | 'failed' | 'timed-out'>;
  error: string | null;
}

/**
 * One send, bounded by `timeoutMs` and by `stop`. The channel gets the combined signal; one that
 * ignores it is raced against the deadline anyway, so it can never hold anything up.
 * `send` is called synchronously, before the first await: channels see notifications in the
 * order they were published.
 */
export async function sendWithTimeout(
  channel: INotificationChannel,
  notification: Notification,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptResult> {
  const { signal, release } = attemptSignal(timeoutMs, stop);
  const sending = invoke(channel, notification, signal);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sending, aborted]);
    return { outcome: 'succeeded', error: null };
  } catch (error) {
    if (signal.aborted && signal.reason === error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      return timedOut
        ? { outcome: 'timed-out', error: `no answer within ${timeoutMs} ms` }
        : { outcome: 'failed', error: 'aborted: the process is stopping' };
    }
    return { outcome: 'failed', error: describe(error) };
  } finally {
    release();
    signal.removeEventListener('abort', onAbort);
    sending.catch(() => undefined); // a late failure after the deadline is already recorded
  }
}

/**
 * Aborts on the deadline (a `TimeoutError`, as `AbortSignal.timeout` gives) or when `stop` does;
 * `release()` forgets both once the attempt is over. `stop` holds one listener per attempt in
 * flight, so its owner lifts the listener limit. Not `AbortSignal.any([AbortSignal.timeout(),
 * stop])`: on Node 20 that leaves a WeakRef in `stop` for every attempt, for as long as `stop`
 * lives (~60 bytes per send, and ever more work for each GC), and keeps every attempt's signal
 * alive until its deadline, so each one outlived young-generation GCs.
 */
function attemptSignal(timeoutMs: number, stop: AbortSignal) {
  const controller = new AbortController();
  const onStop = () => controller.abort(stop.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  const release = () => {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  };
  return { signal: controller.signal, release };
}

function invoke(
  channel: INotificationChannel,
  notification: Notification,
  signal: AbortSignal,
): Promise<void> {
  try {
    return Promise.resolve(channel.send(notification, signal));
  } catch (error) {
    return Promise.reject(error); // a channel that throws before returning its promise
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
