import { encodeEvent } from './sse-frame';
import { TopicBatch } from './topic-batch';

const frame = (id: number) => encodeEvent({ id, event: 'e', data: { id } });

describe(TopicBatch.name, () => {
  it('joins the chunks once and hands the same Buffer to every queue that holds the whole batch', () => {
    const batch = new TopicBatch();
    const frames = [frame(1), frame(2), frame(3)];
    batch.frames.push(...frames);

    const joined = batch.joinedChunkFor([...frames]);
    expect(joined).toEqual(Buffer.concat(frames.map((f) => f.chunk)));
    expect(batch.joinedChunkFor([...frames])).toBe(joined);
  });

  it('rejoins when the batch grew since', () => {
    const batch = new TopicBatch();
    const frames = [frame(1), frame(2), frame(3)];
    batch.frames.push(frames[0], frames[1]);
    expect(batch.joinedChunkFor(frames.slice(0, 2))).toEqual(
      Buffer.concat([frames[0].chunk, frames[1].chunk]),
    );
    batch.frames.push(frames[2]);
    expect(batch.joinedChunkFor(frames)).toEqual(Buffer.concat(frames.map((f) => f.chunk)));
  });

  it('has nothing for a queue that differs: a frame left from before, one skipped, or a single frame', () => {
    const batch = new TopicBatch();
    const frames = [frame(2), frame(3), frame(4)];
    batch.frames.push(...frames);

    expect(batch.joinedChunkFor([frame(1), frames[0], frames[1]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[0], frames[2]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[1], frames[2]])).toBeUndefined();
    expect(batch.joinedChunkFor([frames[0]])).toBeUndefined();
  });
});
