/**
 * The file store: the contract, plus what it is for — nothing acknowledged is lost across a
 * restart or a SIGKILL, a crash's torn write is tolerated, the log stays compact, and one
 * process owns a directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/storage/fileStore.js';
import { describeStoreContract } from './storeContract.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sop007-filestore-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CHILD = fileURLToPath(new URL('./fileStoreChild.ts', import.meta.url));
function child(...args: string[]): { proc: ChildProcess; output: Promise<string>; line: (text: string) => Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  proc.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiting) if (out.includes(w.text)) w.resolve();
  });
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return {
    proc,
    output: exited.then(() => out + err),
    line: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiting.push({ text, resolve });
        void exited.then(() => reject(new Error(`child exited without "${text}": ${out}${err}`)));
      }),
  };
}

const logPath = (dir: string) => join(dir, 'state.log');
/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const proc = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => proc.on('exit', resolve));
  return proc.pid!;
}

describeStoreContract('FileStore', async () => {
  const dir = tempDir();
  const store = await FileStore.open(dir);
  return { store, dispose: () => store.close() };
});

describe('FileStore: durability and ownership', () => {
  it('keeps every item, eTag included, across close and reopen', async () => {
    const dir = tempDir();
    const first = await FileStore.open(dir);
    await first.write({ 'outbox/t1': { status: 'pending' }, 'conv/1': { step: 'date' } });
    await first.write({ 'conv/1': { step: 'channel' } });
    await first.write({ 'tmp/x': { a: 1 } });
    await first.delete(['tmp/x']);
    const before = await first.read(['outbox/t1', 'conv/1']);
    await first.close();

    const second = await FileStore.open(dir);
    expect(await second.read(['outbox/t1', 'conv/1', 'tmp/x'])).toEqual(before);
    await second.write({ 'conv/1': { ...before['conv/1'], step: 'services' } }); // the eTag read before the restart still counts
    expect((await second.keys('')).sort()).toEqual(['conv/1', 'outbox/t1']);
    await second.close();
  });

  it('creates a missing directory', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const store = await FileStore.open(dir);
    await store.write({ k: { v: 1 } });
    await store.close();
    expect(existsSync(logPath(dir))).toBe(true);
  });

  it('finishes writes asked for before close, and refuses writes after it', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    const pending = Array.from({ length: 20 }, (_, i) => store.write({ [`k/${i}`]: { i } }));
    await store.close();
    await Promise.all(pending);
    await expect(store.write({ late: { v: 1 } })).rejects.toThrow(/closed/);
    const again = await FileStore.open(dir);
    expect(await again.keys('k/')).toHaveLength(20);
    await again.close();
  });

  it('drops a torn last line left by a crash, and cuts it from the log', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.write({ a: { v: 1 } });
    await store.write({ b: { v: 2 } });
    await store.close();
    const clean = statSync(logPath(dir)).size;
    appendFileSync(logPath(dir), '{"k":"c","e":"x","v":{"v":'); // the crash hit mid-append
    const reopened = await FileStore.open(dir);
    expect(Object.keys(await reopened.read(['a', 'b', 'c'])).sort()).toEqual(['a', 'b']);
    expect(statSync(logPath(dir)).size).toBe(clean);
    await reopened.write({ c: { v: 3 } });
    await reopened.close();
    const third = await FileStore.open(dir);
    expect((await third.read(['c'])).c.v).toBe(3);
    await third.close();
  });

  it('treats an unreadable last line (a torn page ending in a newline) as torn too', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.write({ a: { v: 1 } });
    await store.close();
    appendFileSync(logPath(dir), '\u0000\u0000\u0000"e":"x"}\n');
    const reopened = await FileStore.open(dir);
    expect(await reopened.keys('')).toEqual(['a']);
    await reopened.close();
  });

  it('refuses to open over damage in the middle of the log, naming the file and line', async () => {
    const dir = tempDir();
    writeFileSync(logPath(dir), '{"k":"a","e":"1","v":{}}\nnot json\n{"k":"b","e":"2","v":{}}\n');
    await expect(FileStore.open(dir)).rejects.toThrow(/state\.log: line 2 is damaged/);
    // and it let the directory go: a fixed log opens
    writeFileSync(logPath(dir), '{"k":"a","e":"1","v":{}}\n');
    const store = await FileStore.open(dir);
    await store.close();
  });

  it('compacts when the log is mostly overwritten records, keeping the data', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir, { compactMinBytes: 8 * 1024 });
    const payload = 'x'.repeat(200);
    for (let i = 0; i < 400; i += 1) await store.write({ hot: { i, payload }, [`cold/${i % 3}`]: { i } });
    const size = statSync(logPath(dir)).size;
    expect(size).toBeLessThan(8 * 1024 + 1024); // 400 writes of ~300 bytes would be ~120 KiB
    await store.close();
    const reopened = await FileStore.open(dir);
    expect((await reopened.read(['hot'])).hot.i).toBe(399);
    expect((await reopened.keys('cold/')).sort()).toEqual(['cold/0', 'cold/1', 'cold/2']);
    await reopened.close();
  });

  it('compacts on open: the log shrinks to the live items', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    for (let i = 0; i < 300; i += 1) await store.write({ hot: { i } });
    await store.delete(['hot']);
    await store.write({ kept: { v: 1 } });
    await store.close();
    const grown = statSync(logPath(dir)).size;
    const reopened = await FileStore.open(dir);
    const compacted = statSync(logPath(dir)).size;
    expect(compacted).toBeLessThan(grown / 50);
    expect(readFileSync(logPath(dir), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await reopened.keys('')).toEqual(['kept']);
    await reopened.close();
  });

  it('refuses a second open of the same directory in this process, naming it', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await expect(FileStore.open(dir)).rejects.toThrow(dir);
    await store.close();
    const again = await FileStore.open(dir); // and lets it go on close
    await again.close();
  });

  it('lets only one of two opens racing in this process have the directory', async () => {
    const dir = tempDir();
    const results = await Promise.allSettled([FileStore.open(dir), FileStore.open(dir)]);
    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(opened).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toContain(dir);
    await opened[0]!.close();
  });

  it('refuses another process while this one holds the directory, naming directory and pid', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    const output = await child('open', dir).output;
    expect(output).toContain(`error: The data directory ${dir} is in use by process ${process.pid}`);
    await store.close();
    expect(await child('open', dir).output).toContain('opened');
  });

  it('takes over a LOCK left by a process that is gone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'LOCK'), `${await deadPid()}\n`);
    const store = await FileStore.open(dir);
    expect(readFileSync(join(dir, 'LOCK'), 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('loses nothing it acknowledged when the process is SIGKILLed', async () => {
    const dir = tempDir();
    const n = 200;
    const writer = child('write', dir, String(n));
    await writer.line('written');
    writer.proc.kill('SIGKILL');
    await writer.output;
    expect(readFileSync(join(dir, 'LOCK'), 'utf8').trim()).toBe(String(writer.proc.pid)); // left behind by the kill
    const store = await FileStore.open(dir);
    const keys = await store.keys('item/');
    expect(keys).toHaveLength(n);
    const items = await store.read(keys);
    for (let i = 0; i < n; i += 1) expect(items[`item/${i}`]).toMatchObject({ i, text: `nilai ${i}` });
    await store.close();
  });
});
