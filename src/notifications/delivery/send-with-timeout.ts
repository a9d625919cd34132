import type { DeliveryReceipt, INotificationChannel } from '../notification-channel';
import type { Notification } from '../notification';
import type { DeliveryOutcome } from './delivery-record';
import { DeliverySkippedError } from './delivery-skipped.error';

export interface AttemptResult {
  outcome: Extract<DeliveryOutcome, 'succeeded' | 'failed' | 'timed-out' | 'skipped'>;
  error: string | null;
  reference: string | null;
}

/**
 * One send, bounded by `timeoutMs` and by `attempt`, the controller its caller aborts to stop it
 * (at shutdown). The channel gets `attempt.signal`, which the deadline aborts too; a channel
 * that ignores it is raced against it anyway, so it can never hold anything up. `send` is
 * called synchronously, before the first await: channels see notifications in the order they
 * were published.
 */
export async function sendWithTimeout(
  channel: INotificationChannel,
  notification: Notification,
  timeoutMs: number,
  attempt: AbortController,
): Promise<AttemptResult> {
  const { signal } = attempt;
  const deadline = setTimeout(
    () => attempt.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  const sending = invoke(channel, notification, signal);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const receipt = await Promise.race([sending, aborted]);
    return { outcome: 'succeeded', error: null, reference: receipt?.reference ?? null };
  } catch (error) {
    if (signal.aborted && signal.reason === error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      return timedOut
        ? { outcome: 'timed-out', error: `no answer within ${timeoutMs} ms`, reference: null }
        : { outcome: 'failed', error: 'aborted: the process is stopping', reference: null };
    }
    if (error instanceof DeliverySkippedError) {
      return { outcome: 'skipped', error: error.message, reference: null };
    }
    return { outcome: 'failed', error: describe(error), reference: null };
  } finally {
    clearTimeout(deadline); // now, not in `timeoutMs`: nothing of the attempt outlives it
    signal.removeEventListener('abort', onAbort);
    sending.catch(() => undefined); // a late failure after the deadline is already recorded
  }
}

function invoke(
  channel: INotificationChannel,
  notification: Notification,
  signal: AbortSignal,
): Promise<void | DeliveryReceipt> {
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
