/**
 * The ids most recently seen, up to a capacity (oldest forgotten first). Guards a fold against redelivery:
 * JetStream redelivers within its ack wait, so a window of recent ids is enough; a duplicate older than the
 * window would be folded again (the capacity bounds memory, not correctness under normal redelivery).
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    // A Set iterates in insertion order: the first value is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  get size(): number {
    return this.ids.size;
  }
}
