/**
 * The gauges' readings, straight from the shared store at scrape time: the outbox's entries by
 * state and the numbers being watched. Every instance reads the same store, so each reports
 * the deployment's total (use `max`, not `sum`, across instances in PromQL).
 */
import type { KeyValueStore } from '../../storage/types.js';
import { WATCH_PREFIX } from '../monitoring/monitor.js';
import { OUTBOX_PREFIX } from '../outbox.js';
import type { SharedState } from './prometheus.js';

/** Reads in slices so a large outbox is never one huge read (Redis MGET, file cache). */
async function values(store: KeyValueStore, prefix: string): Promise<Array<Record<string, unknown>>> {
  const keys = await store.keys(prefix);
  const found: Array<Record<string, unknown>> = [];
  for (let i = 0; i < keys.length; i += 500) {
    const items = await store.read(keys.slice(i, i + 500));
    for (const item of Object.values(items)) if (item) found.push(item as Record<string, unknown>);
  }
  return found;
}

export function storeSharedState(store: KeyValueStore): SharedState {
  return {
    async outbox() {
      const entries = await values(store, OUTBOX_PREFIX);
      return { pending: entries.filter((e) => e.status === 'pending').length, failed: entries.filter((e) => e.status === 'failed').length };
    },
    async activeWatches() {
      return (await values(store, WATCH_PREFIX)).filter((w) => w.status === 'watching').length;
    },
  };
}
