/**
 * Gathers the writes of concurrent requests into one statement. `add(item)` queues an item
 * and resolves with that item's own result once the batch it joined has been written, so a
 * request still answers only after its row is stored (one commit, one WAL flush, for the
 * whole batch). A batch goes when the event loop has handled the requests that arrived
 * together (`setImmediate`), or at once when it is full; while `maxInFlight` batches are
 * being written, new items wait and leave together, so batches grow with the load. A
 * failing write rejects every item of its batch with that error.
 */
export class MicroBatch<Item, Result> {
  #queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = []
  #scheduled = false
  #inFlight = 0

  constructor(
    /** Writes the items and returns their results in the same order. */
    private write: (items: Item[]) => Promise<Result[]>,
    private options: { maxItems: number; maxInFlight: number }
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject })
      if (this.#queue.length >= this.options.maxItems) this.#flush()
      else if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => {
          this.#scheduled = false
          this.#flush()
        })
      }
    })
  }

  #flush() {
    if (this.#queue.length === 0 || this.#inFlight >= this.options.maxInFlight) return
    const batch = this.#queue.splice(0, this.options.maxItems)
    this.#inFlight++
    this.write(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, i) => entry.resolve(results[i])),
        (error) => batch.forEach((entry) => entry.reject(error))
      )
      .finally(() => {
        this.#inFlight--
        this.#flush()
      })
  }
}
