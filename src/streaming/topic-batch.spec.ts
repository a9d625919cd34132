import { encodeEvent } from './sse-frame';
import { TopicBatch } from './topic-batch';

const frame = (id: number, final = false) => encodeEvent({ id, event: 'e', data: { id }, final });

describe(TopicBatch.name, () => {
  it('joins the chunks once and hands the same Buffer to every queue that holds the whole batch', () => {
    const batch = new TopicBatch();
    const frames = [frame(1), frame(2), frame(3)];
    for (const f of frames) batch.add(f);

    const joined = batch.joinedChunkFor([...frames]);
    expect(joined).toEqual(Buffer.concat(frames.map((f) => f.chunk)));
    expect(batch.joinedChunkFor([...frames])).toBe(joined);
  });

  it('rejoins when the batch grew since', () => {
    const batch = new TopicBatch();
    const frames = [frame(1), frame(2), frame(3)];
    batch.add(frames[0]);
    batch.add(frames[1]);
    expect(batch.joinedChunkFor(frames.slice(0, 2))).toEqual(
      Buffer.concat([frames[0].chunk, frames[1].chunk]),
    );
    batch.add(frames[2]);
    expect(batch.joinedChunkFor(frames)).toEqual(Buffer.concat(frames.map((f) => f.chunk)));
  });

  it('has nothing for a queue that differs: a frame left from before, one skipped, or a single frame', () => {
    const batch = new TopicBatch();
    const frames = [frame(2), frame(3), frame(4)];
    for (const f of frames) batch.add(f);

    expect(batch.joinedChunkFor([frame(1), frames[0], frames[1]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[0], frames[2]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[1], frames[2]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[0]])).toBeUndefined();
  });

  it('knows its first and last event ids, whether they ascend, and whether one ends a stream', () => {
    const batch = new TopicBatch();
    batch.add(frame(4));
    batch.add(frame(6));
    expect(batch).toMatchObject({ firstId: 4, lastId: 6, ascending: true, hasFinal: false });
    batch.add(frame(5, true));
    expect(batch).toMatchObject({ firstId: 4, lastId: 5, ascending: false, hasFinal: true });
  });

  it('joins every frame for a subscriber in step, and leaves a single frame as it is', () => {
    const batch = new TopicBatch();
    batch.add(frame(1));
    expect(batch.joinedChunk()).toBeUndefined();
    batch.add(frame(2));
    expect(batch.joinedChunk()).toEqual(Buffer.concat(batch.frames.map((f) => f.chunk)));
  });
});
