import { MessageQueue } from './message-queue';
import { StreamMessage } from './stream-message';

const message = (sequence: number, text = 'x') => new StreamMessage(sequence, 'e', text);

describe(MessageQueue.name, () => {
  it('gives messages back oldest first, then undefined when empty', () => {
    const queue = new MessageQueue(3);
    expect(queue.shift()).toBeUndefined();
    queue.push(message(1));
    queue.push(message(2));
    expect(queue.shift()?.sequence).toBe(1);
    expect(queue.shift()?.sequence).toBe(2);
    expect(queue.shift()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('is full at its capacity, not before', () => {
    const queue = new MessageQueue(2);
    queue.push(message(1));
    expect(queue.isFull).toBe(false);
    queue.push(message(2));
    expect(queue.isFull).toBe(true);
    queue.shift();
    expect(queue.isFull).toBe(false);
  });

  it('counts the characters it holds', () => {
    const queue = new MessageQueue(3);
    queue.push(message(1, 'ab')); // '"ab"': 4 characters
    queue.push(message(2, 'abcd')); // 6
    expect(queue.bytes).toBe(10);
    queue.shift();
    expect(queue.bytes).toBe(6);
    queue.clear();
    expect(queue.bytes).toBe(0);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('keeps order and size for a client that never catches up', () => {
    const queue = new MessageQueue(3);
    const taken: number[] = [];
    let next = 1;
    queue.push(message(next++));
    for (let round = 0; round < 10; round++) {
      queue.push(message(next++));
      taken.push(queue.shift()!.sequence);
      expect(queue.size).toBe(1);
    }
    taken.push(queue.shift()!.sequence);
    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(queue.shift()).toBeUndefined();
  });

  it('compacts the taken slots once the head passes its capacity', () => {
    const queue = new MessageQueue(2);
    for (let i = 1; i <= 4; i++) queue.push(message(i));
    expect(queue.shift()?.sequence).toBe(1);
    expect(queue.shift()?.sequence).toBe(2); // the head reaches the capacity: compacted
    expect(queue.size).toBe(2);
    queue.push(message(5));
    expect(queue.size).toBe(3);
    expect([queue.shift(), queue.shift(), queue.shift()].map((m) => m?.sequence)).toEqual([
      3, 4, 5,
    ]);
    expect(queue.shift()).toBeUndefined();
  });
});
