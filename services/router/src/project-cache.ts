// One value per project (its compiled routes), read lazily and kept in memory: the request path reads the map,
// never the database, except for a project's very first request, which waits (bounded) for its first load.

export interface ProjectCacheOptions<T> {
  /** Reads a project's value; throws when the source cannot answer (the cached value, if any, is kept). */
  load(projectId: string): Promise<T>;
  now(): number;
  /** Safety net without change events: a value is re-read in the background at most this often. */
  refreshMs: number;
  /** After a failed read, the next one is tried no sooner than this. */
  retryMs: number;
  /** How long a project's first requests wait for its first read before going on without it. */
  firstLoadWaitMs: number;
  /** Projects held; beyond it the earliest added is dropped (and read again when next used). */
  maxProjects: number;
}

interface Entry<T> {
  value: T | undefined;
  /** When the value is next re-read on use. */
  nextAt: number;
  /** First requests wait for the first read until then. */
  waitUntil: number;
  loading: Promise<void> | undefined;
  /** Reads started, and the number of the read whose value is held: a slower, older read never wins. */
  started: number;
  applied: number;
}

export class ProjectCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly o: ProjectCacheOptions<T>;

  constructor(o: ProjectCacheOptions<T>) {
    this.o = o;
  }

  /**
   * The project's value: at once when one is held (a stale one is re-read in the background); otherwise after its
   * first read, waiting at most firstLoadWaitMs; undefined while none could be read.
   */
  get(projectId: string): T | undefined | Promise<T | undefined> {
    const now = this.o.now();
    let e = this.entries.get(projectId);
    if (!e) {
      e = this.add(projectId, now);
      void this.read(projectId, e);
    } else if (!e.loading && now >= e.nextAt) void this.read(projectId, e);
    if (e.applied === 0 && e.loading && now < e.waitUntil) return this.waitFirst(e, e.waitUntil - now);
    return e.value;
  }

  /** A change event: a held project is re-read now and this resolves once it was; others are read when used. */
  async changed(projectId: string): Promise<void> {
    const e = this.entries.get(projectId);
    if (e) await this.read(projectId, e);
  }

  get size(): number {
    return this.entries.size;
  }

  private add(projectId: string, now: number): Entry<T> {
    if (this.entries.size >= this.o.maxProjects) this.entries.delete(this.entries.keys().next().value as string);
    const e: Entry<T> = { value: undefined, nextAt: now, waitUntil: now + this.o.firstLoadWaitMs, loading: undefined, started: 0, applied: 0 };
    this.entries.set(projectId, e);
    return e;
  }

  private read(projectId: string, e: Entry<T>): Promise<void> {
    const seq = ++e.started;
    const p: Promise<void> = this.o
      .load(projectId)
      .then(
        (value) => {
          if (seq <= e.applied) return;
          e.value = value;
          e.applied = seq;
          e.nextAt = this.o.now() + this.o.refreshMs;
        },
        () => {
          if (seq > e.applied) e.nextAt = this.o.now() + this.o.retryMs;
        },
      )
      .finally(() => {
        if (e.loading === p) e.loading = undefined;
      });
    e.loading = p;
    return p;
  }

  private async waitFirst(e: Entry<T>, ms: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    try {
      await Promise.race([e.loading, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return e.value;
  }
}
