import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { DatabaseHandle } from './create-database';
import { DATABASE_HANDLE } from './persistence.tokens';

/** How often the worker copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;
/** WAL frames (4 KiB pages) past which the worker empties the WAL, once all are copied: ~16 MiB. */
const TRUNCATE_FRAMES = 4096;
/** SQLite's own default, put back if the worker cannot run. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/**
 * SQLite's WAL checkpoints, off the event loop. By default the commit that takes the WAL past
 * 1,000 pages copies them into the database file and fsyncs it, on the connection that
 * committed: here the main thread, ~10 ms about once a second at 50 orders/s, which every
 * request and stream write then waited for (docs/performance.md, fifth session). Herald's
 * connection stops doing that (`wal_autocheckpoint = 0`) once a worker thread with a connection
 * of its own checkpoints instead: every 250 ms a PASSIVE checkpoint, which copies and fsyncs
 * without taking the writer's lock, and once the WAL is past ~16 MiB and all of it copied, a
 * TRUNCATE one, which empties it so the writer starts it over. Only that one takes the writer's
 * lock, for a moment, which is why Herald's transactions begin IMMEDIATE
 * (SqliteImmediateDialect). Without TRUNCATE the writer would start the WAL over each time it
 * found it all copied, up to four times a second, and it fsyncs the WAL's header each time.
 */
@Injectable()
export class WalCheckpointer implements OnModuleInit {
  private readonly logger = new Logger('Database');
  private worker: Worker | undefined;

  constructor(@Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle) {}

  async onModuleInit(): Promise<void> {
    const file = this.handle.sqliteFile;
    if (!file) return; // PostgreSQL, or an in-memory SQLite database: no WAL
    const worker = new Worker(`(${checkpointLoop.toString()})()`, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file,
        intervalMs: CHECKPOINT_INTERVAL_MS,
        truncateFrames: TRUNCATE_FRAMES,
      },
    });
    worker.on('error', (error) => void this.fallBack(worker, error));
    try {
      await once(worker, 'online');
    } catch {
      return; // it never ran (fallBack has said why): SQLite goes on checkpointing itself
    }
    worker.unref(); // only now: during boot it may be all that keeps the process alive
    this.worker = worker;
    await this.setAutocheckpoint(0);
    // A worker that failed meanwhile put SQLite's own checkpoints back before this line ran.
    if (this.worker !== worker) await this.setAutocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES);
  }

  /** Stops the worker (it closes its connection); the database's own close checkpoints the rest. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await exited;
  }

  /** The worker failed: SQLite's own checkpoints come back, and Herald runs on without it. */
  private async fallBack(worker: Worker, error: Error): Promise<void> {
    this.logger.error({ err: error }, 'the WAL checkpointer stopped; SQLite checkpoints itself');
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate(); // its thread is ending after an uncaught error anyway
    await this.setAutocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES).catch(() => undefined);
  }

  private async setAutocheckpoint(pages: number): Promise<void> {
    await sql.raw(`pragma wal_autocheckpoint = ${pages}`).execute(this.handle.db);
  }
}

/** The worker's code (run from its source text, so it may use only what it requires). */
function checkpointLoop(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.driver);
  // No busy timeout: if the writer holds its lock, give way at once and try on the next tick.
  const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
  db.pragma('synchronous = NORMAL');
  const checkpoint = () => {
    try {
      const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
      if (log >= workerData.truncateFrames && checkpointed === log) {
        db.pragma('wal_checkpoint(TRUNCATE)');
      }
    } catch (error) {
      // SQLITE_BUSY: the writer is at work. Anything else ends the worker (fallBack).
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
  };
  const timer = setInterval(checkpoint, workerData.intervalMs);
  parentPort.once('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close(); // nothing left: the thread ends
  });
}
