import request from 'supertest';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { DATABASE, Database } from '../src/persistence';
import { WalCheckpointer } from '../src/persistence/wal-checkpointer';
import { adminHeaders, authHeaders } from './support/auth';
import { eventually, orderBody } from './support/fixtures';
import { sqliteHeraldPerTest } from './support/test-app';

// SQLite only: the WAL is copied into the database file by a worker thread, never by a commit
// on the event loop (see WalCheckpointer).
describe('WAL checkpoints off the event loop (SQLite)', () => {
  const { herald, database } = sqliteHeraldPerTest();

  const file = () => database().url.slice('sqlite:'.length);
  const db = () => herald().app.get<Database>(DATABASE);

  const autocheckpointPages = async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      db(),
    );
    return rows[0].wal_autocheckpoint;
  };

  it('leaves checkpoints to the worker: commits never copy the WAL themselves', async () => {
    expect(await autocheckpointPages()).toBe(0);
  });

  it("puts SQLite's own checkpoints back when the worker fails, and Herald runs on", async () => {
    const worker = (herald().app.get(WalCheckpointer) as unknown as { worker: Worker }).worker;
    const exited = new Promise((resolve) => worker.once('exit', resolve)); // `once` rejects on 'error'
    // What Node emits when the worker's thread ends with an uncaught error (a disk error, say).
    worker.emit('error', new Error('disk I/O error'));
    await exited;

    await eventually(async () => (await autocheckpointPages()) === 1000, 3000);
    const headers = await authHeaders('customer-1');
    await request(herald().url).post('/orders').set(headers).send(orderBody()).expect(201);
  });

  it('copies what was committed into the database file while Herald runs', async () => {
    const before = statSync(file()).size;
    const headers = await authHeaders('customer-1');
    for (let i = 0; i < 20; i++) {
      await request(herald().url).post('/orders').set(headers).send(orderBody()).expect(201);
    }
    // Far below the 1,000 pages at which SQLite would checkpoint by itself, and nothing else
    // checkpoints while the connection is open: only the worker can have grown the file.
    await eventually(() => statSync(file()).size > before, 3000);
  });

  it('waits for another connection holding the write lock, even in a change that reads first', async () => {
    const headers = await adminHeaders();
    const order = (await request(herald().url).post('/orders').set(headers).send(orderBody()))
      .body as { id: string };
    // What the checkpointer's TRUNCATE does for a moment: hold the writer's lock, from another
    // thread (this one's event loop is Herald's, and it blocks while SQLite waits for the lock).
    const holder = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.file);
       db.exec('begin immediate');
       parentPort.postMessage('locked');
       setTimeout(() => { db.exec('commit'); db.close(); }, 300);`,
      { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file: file() } },
    );
    const released = once(holder, 'exit');
    await once(holder, 'message');

    // Reads the order, then writes: a deferred BEGIN would fail at once ("database is locked").
    const changed = await request(herald().url)
      .post(`/orders/${order.id}/status`)
      .set(headers)
      .send({ status: 'PaymentConfirmed' });
    await released;

    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('PaymentConfirmed');
  });
});
