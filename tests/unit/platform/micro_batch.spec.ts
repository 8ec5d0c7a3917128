import { test } from '@japa/runner'
import { MicroBatch } from '#services/platform'

test.group('MicroBatch', () => {
  test('items added together are written together, each resolving with its own result', async ({
    assert,
  }) => {
    const writes: number[][] = []
    const batch = new MicroBatch<number, number>(
      async (items) => {
        writes.push(items)
        return items.map((n) => n * 10)
      },
      { maxItems: 100, maxInFlight: 1 }
    )
    const results = await Promise.all([1, 2, 3].map((n) => batch.add(n)))
    assert.deepEqual(results, [10, 20, 30])
    assert.deepEqual(writes, [[1, 2, 3]])
  })

  test('a full batch goes at once; items arriving while writes are in flight leave together', async ({
    assert,
  }) => {
    const writes: number[][] = []
    const batch = new MicroBatch<number, number>(
      async (items) => {
        writes.push(items)
        await new Promise((resolve) => setTimeout(resolve, 20))
        return items
      },
      { maxItems: 2, maxInFlight: 1 }
    )
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batch.add(n)))
    assert.deepEqual(results, [1, 2, 3, 4, 5])
    assert.deepEqual(writes, [[1, 2], [3, 4], [5]])
  })

  test('a failed write rejects every item of its batch, and the next batch still runs', async ({
    assert,
  }) => {
    let fail = true
    const batch = new MicroBatch<string, string>(
      async (items) => {
        if (fail) throw new Error('disk full')
        return items
      },
      { maxItems: 10, maxInFlight: 1 }
    )
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((item) => batch.add(item)))
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.value)),
      ['disk full', 'disk full', 'disk full']
    )
    fail = false
    assert.equal(await batch.add('d'), 'd')
  })
})
