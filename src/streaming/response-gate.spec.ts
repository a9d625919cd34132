import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { ResponseGate } from './response-gate';
import { TurnClock } from './turn-clock';

class FakeResponse extends EventEmitter {
  writableNeedDrain = false;
  writableLength = 0;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function setUp(perTurn = 2) {
  const response = new FakeResponse();
  let ready = 0;
  const gate = new ResponseGate(
    response as unknown as ServerResponse,
    perTurn,
    new TurnClock(),
    () => ready++,
  );
  return { response, gate, readyCalls: () => ready };
}

describe(ResponseGate.name, () => {
  it('lets `perTurn` messages go in a turn, then renews the credit next turn', async () => {
    const { gate } = setUp(2);
    expect([gate.take(), gate.take(), gate.take()]).toEqual([true, true, false]);
    await nextTurn();
    expect([gate.take(), gate.take(), gate.take()]).toEqual([true, true, false]);
  });

  it('lets nothing go while the response needs a drain', () => {
    const { gate, response } = setUp();
    response.writableNeedDrain = true;
    expect(gate.take()).toBe(false);
  });

  it('reports what the response holds', () => {
    const { gate, response } = setUp();
    response.writableLength = 123;
    expect(gate.pendingBytes).toBe(123);
  });

  it('calls ready next turn when the response has room, once, and lets nothing go meanwhile', async () => {
    const { gate, readyCalls } = setUp();
    gate.waitForRoom();
    gate.waitForRoom();
    expect(gate.take()).toBe(false);
    expect(readyCalls()).toBe(0);
    await nextTurn();
    await nextTurn();
    expect(readyCalls()).toBe(1);
    expect(gate.take()).toBe(true);
  });

  it('calls ready only once the response drained, on the turn after', async () => {
    const { gate, response, readyCalls } = setUp();
    response.writableNeedDrain = true;
    gate.waitForRoom();
    await nextTurn();
    expect(readyCalls()).toBe(0);
    response.writableNeedDrain = false;
    response.emit('drain');
    expect(readyCalls()).toBe(0);
    await nextTurn();
    expect(readyCalls()).toBe(1);
  });

  it('waits for another drain when the response filled up again before its turn', async () => {
    const { gate, response, readyCalls } = setUp();
    gate.waitForRoom();
    response.writableNeedDrain = true; // filled up again before the turn came
    await nextTurn();
    expect(readyCalls()).toBe(0);
    expect(response.listenerCount('drain')).toBe(1);
    response.writableNeedDrain = false;
    response.emit('drain');
    await nextTurn();
    expect(readyCalls()).toBe(1);
  });

  it('calls nothing after close', async () => {
    const { gate, response, readyCalls } = setUp();
    gate.waitForRoom();
    gate.close();
    await nextTurn();
    await nextTurn();
    expect(readyCalls()).toBe(0);

    const drained = setUp();
    drained.response.writableNeedDrain = true;
    drained.gate.waitForRoom();
    drained.gate.close();
    expect(drained.response.listenerCount('drain')).toBe(0);
    expect(response.listenerCount('drain')).toBe(0);
  });
});
