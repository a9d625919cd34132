// The generator's side of the publisher thread (bench/lib/publisher-worker.mjs): start it, send
// it a command, await its answer. Shared by every scenario of bench/lib/generator.mjs.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Both generator threads share one pinned core, so a backlog of frames to parse would hold back
 * the next POST. On Linux a nice value belongs to a thread: raising this (the subscribers')
 * thread's, once the publisher's thread exists, lets the publisher run whenever it has work.
 * Elsewhere it applies to the whole process, which changes nothing between the two.
 */
let yielded = false;
function yieldToPublisher() {
  if (yielded) return;
  yielded = true;
  os.setPriority(10);
}

export class Publisher {
  constructor(ctx) {
    this.worker = new Worker(new URL('./publisher-worker.mjs', import.meta.url), {
      workerData: { host: ctx.host, port: ctx.port, headers: ctx.headers, tls: ctx.tls },
    });
    this.worker.unref();
    yieldToPublisher();
  }
  call(msg) {
    return new Promise((resolve, reject) => {
      const onMessage = (m) => {
        this.worker.off('error', onError);
        if (m.type === 'error') reject(new Error(m.error));
        else resolve(m);
      };
      const onError = (err) => {
        this.worker.off('message', onMessage);
        reject(err);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(msg);
    });
  }
  terminate() {
    return this.worker.terminate();
  }
}

/** When the publisher wrote each created order's POST, by the order's id. */
export function sentAtById(pub) {
  const sentAt = new Map();
  pub.ids.forEach((id, i) => id && sentAt.set(id, pub.sent[i]));
  return sentAt;
}
