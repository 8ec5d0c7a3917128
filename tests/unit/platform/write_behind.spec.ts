import { test } from '@japa/runner'
import { WriteBehind } from '#services/platform/write_behind'

interface Count {
  key: string
  n: number
}

/** A buffer whose writes are recorded (and fail while `failing` is set). */
function recorder(options: { failing?: boolean; maxPending?: number } = {}) {
  const written: Count[][] = []
  const errors: number[] = []
  const buffer = new WriteBehind<Count>({
    key: (count) => count.key,
    merge: (pending, next) => (next.n < 0 ? null : { key: pending.key, n: pending.n + next.n }),
    write: async (items) => {
      if (options.failing) throw new Error('database down')
      written.push(items)
    },
    maxPending: options.maxPending,
    onError: (_error, dropped) => errors.push(dropped),
    intervalMs: 20,
  })
  return { buffer, written, errors, options }
}

test.group('Write-behind buffer', () => {
  test('items with one key merge until they are written, in arrival order', async ({ assert }) => {
    const { buffer, written } = recorder()
    buffer.add({ key: 'a', n: 1 })
    buffer.add({ key: 'b', n: 1 })
    buffer.add({ key: 'a', n: 2 })
    // A refused merge keeps both, and later items merge into the newer one.
    buffer.add({ key: 'b', n: -1 })
    buffer.add({ key: 'b', n: 5 })
    assert.equal(buffer.pending, 3)
    assert.deepEqual(written, [])
    await buffer.flush()
    assert.deepEqual(written, [
      [
        { key: 'a', n: 3 },
        { key: 'b', n: 1 },
        { key: 'b', n: 4 },
      ],
    ])
    // After a write, a new batch starts.
    buffer.add({ key: 'a', n: 1 })
    await buffer.flush()
    assert.deepEqual(written[1], [{ key: 'a', n: 1 }])
  })

  test('writes by itself shortly after the first item', async ({ assert }) => {
    const { buffer, written } = recorder()
    buffer.add({ key: 'a', n: 1 })
    await new Promise((resolve) => setTimeout(resolve, 60))
    assert.deepEqual(written, [[{ key: 'a', n: 1 }]])
    assert.equal(buffer.pending, 0)
  })

  test('a failed write is retried with the next; an outage drops only the oldest', async ({
    assert,
  }) => {
    const { buffer, written, errors, options } = recorder({ failing: true, maxPending: 3 })
    buffer.add({ key: 'a', n: 1 })
    buffer.add({ key: 'b', n: 1 })
    await buffer.flush()
    assert.deepEqual(errors, [0])
    assert.equal(buffer.pending, 2)
    buffer.add({ key: 'c', n: 1 })
    buffer.add({ key: 'd', n: 1 })
    await buffer.flush()
    assert.deepEqual(errors, [0, 1])
    options.failing = false
    await buffer.flush()
    assert.deepEqual(
      written[0].map((count) => count.key),
      ['b', 'c', 'd']
    )
  })
})
