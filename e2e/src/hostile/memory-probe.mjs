// Test-only preload for the hostile-client suite (`node --expose-gc --import <this file>`):
// answers `{type: 'rss'}` on the IPC channel with the process's RSS, after a full GC when
// asked. It changes nothing else in the process it is loaded into: the channel is unref'd so
// the proxy still exits on SIGTERM exactly as it would without it.
process.on('message', (message) => {
  if (message === null || typeof message !== 'object' || message.type !== 'rss') return;
  const canCollect = typeof globalThis.gc === 'function';
  if (message.gc && canCollect) {
    globalThis.gc();
    globalThis.gc();
  }
  process.send?.({ type: 'rss', rss: process.memoryUsage().rss, collected: Boolean(message.gc && canCollect) });
});
process.channel?.unref();
// Never outlive the test that started this proxy: if the test process dies, so does this one.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
