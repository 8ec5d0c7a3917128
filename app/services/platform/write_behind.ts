/**
 * Write-behind buffers for high-volume bookkeeping that visitors should not wait for (article
 * view counts, the help-center search log). A request only adds to a per-process buffer; the
 * buffer is written in one statement about once a second, and when the process terminates.
 *
 * What a crash of this process can lose: the last second of such bookkeeping. Items with the
 * same key that arrive before a write can be merged into one (ten views of an article become
 * one `+10`). A failed write is retried with the next one, up to a bounded backlog.
 */
export interface WriteBehindOptions<T> {
  /** Writes one batch (in arrival order). */
  write: (items: T[]) => Promise<void>
  /** Items with the same non-null key may be merged by `merge`. */
  key?: (item: T) => string | number | null
  /** The merge of a pending item and a newer one with the same key, or null to keep both. */
  merge?: (pending: T, next: T) => T | null
  intervalMs?: number
  /** Beyond this many pending items (a database outage) the oldest are dropped. */
  maxPending?: number
  onError?: (error: unknown, dropped: number) => void
}

const buffers = new Set<WriteBehind<any>>()

export class WriteBehind<T> {
  #items: T[] = []
  /** The index in #items of the newest pending item per key. */
  #latest = new Map<string | number, number>()
  #timer: NodeJS.Timeout | null = null
  #writing: Promise<void> | null = null

  constructor(private options: WriteBehindOptions<T>) {
    buffers.add(this)
  }

  get pending() {
    return this.#items.length
  }

  add(item: T) {
    const key = this.options.key?.(item) ?? null
    const index = key === null ? undefined : this.#latest.get(key)
    const merged = index === undefined ? null : this.options.merge?.(this.#items[index], item)
    if (merged && index !== undefined) {
      this.#items[index] = merged
    } else {
      this.#items.push(item)
      if (key !== null) this.#latest.set(key, this.#items.length - 1)
    }
    this.#schedule()
  }

  /** Writes everything pending now; resolves when it is written (or failed). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    // One write at a time, in order.
    while (this.#writing) await this.#writing
    if (this.#items.length === 0) return
    const batch = this.#items
    this.#items = []
    this.#latest.clear()
    this.#writing = this.options.write(batch).then(
      () => {},
      (error) => this.#requeue(batch, error)
    )
    try {
      await this.#writing
    } finally {
      this.#writing = null
    }
  }

  #requeue(batch: T[], error: unknown) {
    const max = this.options.maxPending ?? 50_000
    const kept = [...batch, ...this.#items]
    const dropped = Math.max(0, kept.length - max)
    this.#items = kept.slice(dropped)
    this.#latest.clear()
    this.options.onError?.(error, dropped)
    this.#schedule()
  }

  #schedule() {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.flush()
    }, this.options.intervalMs ?? 1000)
    // Pending bookkeeping never keeps a process alive; termination flushes it (see below).
    this.#timer.unref()
  }
}

/** Writes every buffer's pending items: on termination, and in tests before reading. */
export async function flushWriteBehind() {
  await Promise.all([...buffers].map((buffer) => buffer.flush()))
}
