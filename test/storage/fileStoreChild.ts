/**
 * A separate process for the file store tests (run with `node --import tsx`):
 *   write <dir> <n>   opens the store, writes n items (one write each), prints "written", waits
 *                     to be killed
 *   open <dir>        tries to open the store; prints "opened" or "error: <message>", exits
 */
import { FileStore } from '../../src/storage/fileStore.js';

const [mode, dir, count] = process.argv.slice(2);
if (!dir) throw new Error('usage: fileStoreChild.ts write|open <dir> [n]');

if (mode === 'write') {
  const store = await FileStore.open(dir);
  const n = Number(count);
  for (let i = 0; i < n; i += 1) await store.write({ [`item/${i}`]: { i, text: `nilai ${i}` } });
  process.stdout.write('written\n');
  setInterval(() => undefined, 60_000); // hold the store open until SIGKILL
} else {
  try {
    const store = await FileStore.open(dir);
    process.stdout.write('opened\n');
    await store.close();
  } catch (error) {
    process.stdout.write(`error: ${(error as Error).message}\n`);
  }
}
