// A small least-recently-used cache bounded by entries and by a weight (ids held), for lookups
// a burst of queries repeats: the page, the count, the histogram and six facets of one search
// all ask for the same word's strings.
export class Lru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, weight: number): void {
    const old = this.map.get(key);
    if (old) {
      this.weight -= old.weight;
      this.map.delete(key);
    }
    if (weight > this.maxWeight) return;
    this.map.set(key, { value, weight });
    this.weight += weight;
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      this.map.delete(k);
      this.weight -= v.weight;
    }
  }

  /** The total weight of what is held. */
  weightHeld(): number {
    return this.weight;
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}
