// Preloaded (`node --expose-gc --import`) into a server measured by bench/heap-per-stream.mjs:
// on the IPC message 'measure' it collects garbage fully and answers with its live heap.
process.on('message', async (message) => {
  if (message !== 'measure') return;
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  process.send({ heapUsed, external, rss });
});
