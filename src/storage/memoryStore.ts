/** The in-process store: tests, and single-process runs that need nothing kept across restarts. */
import { ItemTable } from './items.js';
import type { KeyValueStore, StoreItems } from './types.js';

export class MemoryStore implements KeyValueStore {
  private readonly table = new ItemTable();

  async read(keys: string[]): Promise<StoreItems> {
    return this.table.read(keys);
  }

  /** Synchronous inside: a batch is checked and applied with no other write in between. */
  async write(changes: StoreItems): Promise<void> {
    this.table.apply(this.table.prepare(changes));
  }

  async delete(keys: string[]): Promise<void> {
    this.table.remove(keys);
  }

  async keys(prefix: string): Promise<string[]> {
    return this.table.keys(prefix);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
