/**
 * One process per data directory: the file store keeps its index in memory and appends to one
 * log, so a second process on the same directory would silently lose writes. `<dir>/LOCK` holds
 * the owner's pid. It is created atomically with its content (write a private file, then
 * `link` it to LOCK, which fails if LOCK exists). A LOCK whose pid is not alive is left by a
 * crash (or SIGKILL) and is taken over. Pids are only meaningful on one host: keep DATA_DIR
 * on a local disk, not on a volume shared by several machines.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';

/** Directories this process holds: a LOCK with our own pid is only ours if it is listed here. */
const held = new Set<string>();

export interface DirectoryClaim {
  release(): Promise<void>;
}

/** Claims `dir` (which must exist) for this process, or throws an error naming it and its owner. */
export async function claimDirectory(dir: string, log?: Logger): Promise<DirectoryClaim> {
  const real = await realpath(dir);
  if (held.has(real)) throw new Error(`The data directory ${dir} is already open in this process: open it once and share the store.`);
  held.add(real); // reserved before any await, so two opens racing in this process cannot both pass
  const lockPath = join(real, 'LOCK');
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await createLock(lockPath)) return { release: () => releaseLock(real, lockPath) };
      const owner = await readOwner(lockPath);
      if (owner === undefined) continue; // it vanished meanwhile: try again
      if (isAlive(owner)) throw inUse(dir, lockPath, owner);
      if (await removeStale(lockPath, owner)) {
        log?.warn({ event: 'store.lock_taken_over', dir, stalePid: owner }, 'data directory lock left by a process that is gone: taken over');
      }
    }
    throw new Error(`Could not take the lock ${lockPath}: other processes keep racing for it.`);
  } catch (error) {
    held.delete(real);
    throw error;
  }
}

async function createLock(lockPath: string): Promise<boolean> {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** The pid in a LOCK file; NaN for an unreadable one (never ours, never alive); undefined if gone. */
async function readOwner(path: string): Promise<number | undefined> {
  try {
    return Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves a stale LOCK out of the way. Renaming first (instead of deleting) lets us check we
 * moved the stale file and not a fresh one another process created in between; if we did
 * take a fresh one, it is put back. Returns whether the stale lock was removed.
 */
async function removeStale(lockPath: string, stalePid: number): Promise<boolean> {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readOwner(aside);
  if (moved !== undefined && !Object.is(moved, stalePid) && isAlive(moved)) {
    await link(aside, lockPath).catch(() => undefined);
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

/** A LOCK with our own pid that we do not hold is a previous life of this pid (a container restart). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function inUse(dir: string, lockPath: string, pid: number): Error {
  return new Error(
    `The data directory ${dir} is in use by process ${pid} (${lockPath}). One process per DATA_DIR: ` +
      'stop that process, give this one its own DATA_DIR, or use STORAGE=redis to run several instances.',
  );
}

async function releaseLock(real: string, lockPath: string): Promise<void> {
  if (!held.delete(real)) return;
  // Only our own LOCK is removed: never one a later owner wrote.
  if ((await readOwner(lockPath).catch(() => undefined)) === process.pid) await rm(lockPath, { force: true });
}
