/**
 * Picks the stores for `STORAGE`:
 * - memory: MemoryStore + in-process locks (tests; nothing survives a restart);
 * - file:   FileStore in `dataDir` + in-process locks (one process owns the directory, so
 *           in-process locks are all the exclusion there is to have);
 * - redis:  RedisStore + RedisLockService on one shared connection (several instances).
 */
import type { Logger } from '../log.js';
import { FileStore } from './fileStore.js';
import { LocalLockService } from './localLock.js';
import { MemoryStore } from './memoryStore.js';
import { closeRedisClient, describeRedisUrl, redisClient, whenReady } from './redisClient.js';
import { RedisLockService } from './redisLock.js';
import { RedisStore } from './redisStore.js';
import type { KeyValueStore, LockService } from './types.js';
import type { Redis } from 'ioredis';

export type StorageKind = 'memory' | 'file' | 'redis';

export interface StoresConfig {
  kind: StorageKind;
  dataDir: string;
  redisUrl: string;
  /** Prefix of every Redis key (REDIS_PREFIX); default 'sop007:'. */
  redisPrefix?: string;
  log?: Logger;
  /** How long start-up waits for Redis before failing with an error naming it (default 5000 ms). */
  redisStartupWaitMs?: number;
  /**
   * STORAGE=file: the file store compacts its log once its oldest deleted or superseded record
   * is this old (default 1 hour), so what retention forgets (CONVERSATION_RETENTION_HOURS) is
   * physically gone from DATA_DIR within about retention + 1 h, not at a compaction that may never come.
   */
  maxDeadAgeMs?: number;
}

export interface Stores {
  kind: StorageKind;
  store: KeyValueStore;
  locks: LockService;
  /** The shared Redis connection with `redis`, for other per-instance-shared state (rate limits). */
  redis?: Redis;
  /** Closes the locks, then the store (a file store finishes its pending writes first). */
  close(): Promise<void>;
}

export async function createStores(config: StoresConfig): Promise<Stores> {
  const { log } = config;
  switch (config.kind) {
    case 'memory':
      return assemble('memory', new MemoryStore(), new LocalLockService());
    case 'file':
      return assemble('file', await FileStore.open(config.dataDir, { log, maxDeadAgeMs: config.maxDeadAgeMs ?? 3_600_000 }), new LocalLockService());
    case 'redis': {
      const client = redisClient(config.redisUrl, { log });
      try {
        await whenReady(client, config.redisStartupWaitMs ?? 5000);
      } catch (error) {
        client.disconnect();
        throw new Error(`STORAGE=redis: cannot reach Redis at ${describeRedisUrl(config.redisUrl)} (${(error as Error).message})`, { cause: error });
      }
      const prefix = config.redisPrefix ?? 'sop007:';
      log?.info({ event: 'store.opened', redis: describeRedisUrl(config.redisUrl), prefix }, 'state kept in Redis');
      const stores = assemble('redis', new RedisStore(client, prefix), new RedisLockService(client, prefix, log));
      return {
        ...stores,
        redis: client,
        async close() {
          await stores.close();
          await closeRedisClient(client); // shared by both, so closed here, last
        },
      };
    }
  }
}

function assemble(kind: StorageKind, store: KeyValueStore, locks: LockService): Stores {
  return {
    kind,
    store,
    locks,
    async close() {
      await locks.close();
      await store.close();
    },
  };
}
