/**
 * Desk cases in the app's store (`desk/case/<conversationId>`), so every instance sees the same
 * queue. Changes are compare-and-set on the store's eTag: two agents claiming at once on two
 * instances cannot both win; the loser re-reads and gets the conflict from the state machine.
 */
import { ETagConflictError, type KeyValueStore } from '../storage/types.js';
import type { DeskCase, Outcome } from './machine.js';

const PREFIX = 'desk/case/';
const keyOf = (conversationId: string) => `${PREFIX}${encodeURIComponent(conversationId)}`;

export class DeskRepository {
  constructor(private readonly store: KeyValueStore) {}

  async get(conversationId: string): Promise<DeskCase | null> {
    const key = keyOf(conversationId);
    const item = (await this.store.read([key]))[key] as (DeskCase & { eTag?: string }) | undefined;
    if (!item) return null;
    const { eTag: _eTag, ...value } = item;
    return value;
  }

  /** A new hand-off replaces an earlier (closed) case of the same conversation. */
  async put(c: DeskCase): Promise<void> {
    await this.store.write({ [keyOf(c.conversationId)]: { ...c, eTag: '*' } });
  }

  /**
   * Applies `change` to the stored case atomically; retried on a concurrent write. Null when
   * there is no such case.
   */
  async update(conversationId: string, change: (c: DeskCase) => Outcome<DeskCase>): Promise<Outcome<DeskCase> | null> {
    const key = keyOf(conversationId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = (await this.store.read([key]))[key] as (DeskCase & { eTag?: string }) | undefined;
      if (!item) return null;
      const { eTag, ...current } = item;
      const result = change(current);
      if (!result.ok) return result;
      try {
        await this.store.write({ [key]: { ...result.value, eTag } });
        return result;
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
      }
    }
    throw new Error(`desk: case ${conversationId} kept changing under ten tries`);
  }

  async list(): Promise<DeskCase[]> {
    const keys = await this.store.keys(PREFIX);
    if (keys.length === 0) return [];
    const items = await this.store.read(keys);
    return Object.values(items).map((item) => {
      const { eTag: _eTag, ...value } = item as DeskCase & { eTag?: string };
      return value;
    });
  }

  async delete(conversationId: string): Promise<void> {
    await this.store.delete([keyOf(conversationId)]);
  }
}
