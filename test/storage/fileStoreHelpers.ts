/** Shared by the file store tests: temporary directories, a hook into file I/O, a gate. */
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';

/** A fresh directory per call, removed after each test (and the spies restored). */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop007-filestore-'));
    dirs.push(dir);
    return dir;
  };
}

export const logPath = (dir: string): string => join(dir, 'state.log');

/** Node's FileHandle class is not exported: its prototype is reached through a handle. */
export async function fileHandlePrototype(dir: string): Promise<FileHandle> {
  const handle = await open(join(dir, 'probe'), 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

/** A promise the test opens when it chooses. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * Holds the next call of a FileHandle method, on any handle, until `release()`: a read or an
 * fdatasync caught in flight, for as long as the test needs.
 */
export async function holdNextCall(dir: string, method: 'read' | 'datasync'): Promise<{ release: () => void; started: () => boolean }> {
  const proto = await fileHandlePrototype(dir);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the spied handle as `this`
  const original = proto[method] as (...args: unknown[]) => Promise<unknown>;
  const held = gate();
  let started = false;
  vi.spyOn(proto, method).mockImplementationOnce(async function (this: FileHandle, ...args: unknown[]) {
    started = true;
    await held.wait;
    return original.apply(this, args);
  } as never);
  return { release: held.open, started: () => started };
}

/** Lets pending I/O callbacks and microtasks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
