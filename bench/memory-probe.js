/**
 * Preloaded (`--expose-gc --require bench/memory-probe.js`) into a server that
 * `bench:live` measures, ours and the baseline alike: on SIGUSR2 it runs full
 * garbage collections and prints `memory-probe {"rss":…,"heap":…}` (bytes;
 * heap = V8 heap used + memory held outside it by buffers). Comparing two
 * probes counts what the process holds, not what V8 happens not to have
 * collected or returned yet. Changes nothing else in the process.
 */
'use strict';
process.on('SIGUSR2', () => {
  for (let i = 0; i < 3; i += 1) global.gc();
  const usage = process.memoryUsage();
  process.stdout.write(`memory-probe ${JSON.stringify({ rss: usage.rss, heap: usage.heapUsed + usage.external })}\n`);
});
