/**
 * The keys of an in-process store, kept sorted, so `keys(prefix)` is a binary search plus the
 * matches instead of a scan of every key: the scheduler, the outbox and retention ask for a
 * prefix every second and on every watch, and a store holds a few keys per conversation.
 * Keys sharing a prefix are contiguous in code-unit order, starting at the prefix itself.
 */
export class SortedKeys {
  private readonly sorted: string[];

  constructor(keys: Iterable<string> = []) {
    this.sorted = [...new Set(keys)].sort();
  }

  add(key: string): void {
    const at = this.lowerBound(key);
    if (this.sorted[at] !== key) this.sorted.splice(at, 0, key);
  }

  delete(key: string): void {
    const at = this.lowerBound(key);
    if (this.sorted[at] === key) this.sorted.splice(at, 1);
  }

  withPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (let i = this.lowerBound(prefix); i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) out.push(this.sorted[i]!);
    return out;
  }

  get size(): number {
    return this.sorted.length;
  }

  /** The first position whose key is not below `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
