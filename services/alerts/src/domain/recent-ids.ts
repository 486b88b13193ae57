/**
 * The ids most recently seen, up to a capacity (oldest forgotten first). Guards a fold against redelivery:
 * JetStream redelivers within its ack wait, so a window of recent ids is enough; a duplicate older than the
 * window would be folded again (the capacity bounds memory, not correctness under normal redelivery).
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  /** The same ids in a ring, oldest at `next` once full (a Set's own order would cost a scan past deleted entries). */
  private readonly ring: string[] = [];
  private next = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ring.length < this.capacity) {
      this.ring.push(id);
      return;
    }
    this.ids.delete(this.ring[this.next]);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.ids.size;
  }
}
