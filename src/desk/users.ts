/**
 * Agents' accounts (`DESK_USERS_FILE`): JSON `{ "users": [{ username, displayName, salt, hash }] }`,
 * passwords as scrypt hashes (node:crypto, N=16384, r=8, p=1, 64-byte key, 16-byte random salt).
 * Verification is constant-time, and an unknown name costs the same scrypt as a known one, so
 * response times tell nobody which names exist.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { Agent } from './machine.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_BYTES = 64;

export const DeskUser = z.object({
  username: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'lower-case letters, digits, . _ - (2 to 40)'),
  displayName: z.string().trim().min(1).max(60),
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash: z.string().regex(/^[0-9a-f]{128}$/),
});
export type DeskUser = z.infer<typeof DeskUser>;
export const DeskUsersFile = z.object({ users: z.array(DeskUser) });

export async function hashPassword(password: string, salt = randomBytes(16)): Promise<{ salt: string; hash: string }> {
  return { salt: salt.toString('hex'), hash: (await scrypt(password, salt, KEY_BYTES)).toString('hex') };
}

export async function readUsersFile(path: string): Promise<DeskUser[]> {
  const parsed = DeskUsersFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not a desk users file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data.users;
}

export async function addUser(path: string, input: { username: string; displayName?: string; password: string }, options: { create: boolean }): Promise<void> {
  let users: DeskUser[] = [];
  try {
    users = await readUsersFile(path);
  } catch (error) {
    if (!(options.create && (error as NodeJS.ErrnoException).code === 'ENOENT')) throw error;
  }
  const user = DeskUser.parse({ username: input.username, displayName: input.displayName ?? input.username, ...(await hashPassword(input.password)) });
  const next = [...users.filter((u) => u.username !== user.username), user];
  await writeFile(path, `${JSON.stringify({ users: next }, null, 2)}\n`, { mode: 0o600 });
}

export class DeskDirectory {
  private readonly dummySalt = randomBytes(16);

  constructor(private readonly users: readonly DeskUser[]) {}

  /** The agent, or null for a wrong name or password (the same time either way). */
  async verify(username: string, password: string): Promise<Agent | null> {
    const user = this.users.find((u) => u.username === username);
    const salt = user ? Buffer.from(user.salt, 'hex') : this.dummySalt;
    const derived = await scrypt(password, salt, KEY_BYTES);
    const expected = user ? Buffer.from(user.hash, 'hex') : Buffer.alloc(KEY_BYTES);
    const match = timingSafeEqual(derived, expected);
    return user && match ? { username: user.username, displayName: user.displayName } : null;
  }

  find(username: string): Agent | null {
    const user = this.users.find((u) => u.username === username);
    return user ? { username: user.username, displayName: user.displayName } : null;
  }
}
