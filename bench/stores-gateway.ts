// The gateway process of `npm run bench:stores`: gateway/main.ts unchanged, plus an IPC
// channel on which the bench asks for the process's memory (after a full GC when node
// runs with --expose-gc). STORES_FILE is read into STORES here because 1,000 stores do
// not fit in one environment variable (Linux caps each at 128 KiB: spawn fails E2BIG).
import { readFileSync } from 'node:fs';

if (process.env.STORES_FILE) process.env.STORES = readFileSync(process.env.STORES_FILE, 'utf8');

process.on('message', (message: { type?: string; gc?: boolean }) => {
  if (message?.type !== 'memory') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (message.gc && gc) {
    gc();
    gc();
  }
  process.send?.({ type: 'memory', gc: !!(message.gc && gc), ...process.memoryUsage() });
});

await import('../gateway/main.js');
