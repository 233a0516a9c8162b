/**
 * A map of at most `max` entries that drops the least recently used one (a `Map` keeps insertion order: a read or
 * write moves the key to the end, the first key is the oldest). The bounded caches of the process use it: OCR results
 * and image lookups, chat settings, translations.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * Makes room in a map of timed entries that holds `max`: drops those `expired` says are stale, and all of them when
 * none were (a flood of new keys). For caches whose entries expire rather than age out by use.
 */
export function makeRoom<K, V>(map: Map<K, V>, max: number, expired: (value: V) => boolean): void {
  if (map.size < max) return;
  for (const [key, value] of map) if (expired(value)) map.delete(key);
  if (map.size >= max) map.clear();
}
