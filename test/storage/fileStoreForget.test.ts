import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/storage/fileStore.js';
import { useTempDirs } from './fileStoreHelpers.js';

const MSISDN = '6281234567890';

function grepDir(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hits.push(...grepDir(path, needle));
    else if (readFileSync(path).includes(Buffer.from(needle))) hits.push(path);
  }
  return hits;
}

describe('FileStore: forgotten means gone from disk (maxDeadAgeMs)', () => {
  const tempDir = useTempDirs();

  for (const how of ['deleted', 'superseded'] as const) {
    it(`a ${how} record leaves the data directory once the dead bytes are older than maxDeadAgeMs`, async () => {
      const dir = tempDir();
      let clock = 1_000_000;
      const store = await FileStore.open(dir, { maxDeadAgeMs: 3_600_000, now: () => clock });
      const key = 'msteams/conversations/c1/';
      await store.write({ [key]: { msisdn: MSISDN, location: 'Jl. Sudirman 1, Jakarta' }, 'outbox/keep': { n: 1 } });
      if (how === 'deleted') await store.delete([key]);
      else await store.write({ [key]: { msisdn: 'none', location: 'elsewhere' } });
      expect(grepDir(dir, MSISDN).length).toBeGreaterThan(0); // small log: no ratio compaction
      clock += 3_600_000 - 1;
      await store.checkDeadAge();
      expect(grepDir(dir, MSISDN).length).toBeGreaterThan(0);
      clock += 1;
      await store.checkDeadAge();
      expect(grepDir(dir, MSISDN)).toEqual([]);
      const expected = how === 'deleted' ? { 'outbox/keep': { n: 1 } } : { 'outbox/keep': { n: 1 }, [key]: { msisdn: 'none', location: 'elsewhere' } };
      const strip = (items: Record<string, unknown>) => Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { ...(v as object), eTag: undefined }]));
      expect(strip(await store.read([key, 'outbox/keep']))).toEqual(strip(expected));
      await store.close();
      const reopened = await FileStore.open(dir);
      expect(strip(await reopened.read([key, 'outbox/keep']))).toEqual(strip(expected));
      expect(grepDir(dir, MSISDN)).toEqual([]);
      await reopened.close();
    });
  }
});
