import { test } from '@japa/runner'
import { cachedPublic, forgetPublicResults } from '#services/knowledge/search_cache'

/** A computation whose calls are counted and whose result is the call number. */
function counter() {
  const state = { calls: 0 }
  const compute = async () => {
    state.calls += 1
    await new Promise((resolve) => setTimeout(resolve, 5))
    return state.calls
  }
  return { state, compute }
}

test.group('Public search cache', (group) => {
  const realNow = Date.now
  let now = realNow()
  group.each.setup(() => {
    forgetPublicResults()
    now = realNow()
    Date.now = () => now
    return () => {
      Date.now = realNow
    }
  })

  test('concurrent first requests share one computation', async ({ assert }) => {
    const { state, compute } = counter()
    const results = await Promise.all([1, 2, 3].map(() => cachedPublic('q', compute)))
    assert.deepEqual(results, [1, 1, 1])
    assert.equal(state.calls, 1)
  })

  test('a stale result is served at once while one refresh replaces it', async ({ assert }) => {
    const { state, compute } = counter()
    assert.equal(await cachedPublic('q', compute), 1)
    now += 10 * 60_000 + 1000
    // Stale: answered from the old result, and only one refresh starts.
    assert.equal(await cachedPublic('q', compute), 1)
    assert.equal(await cachedPublic('q', compute), 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.equal(state.calls, 2)
    assert.equal(await cachedPublic('q', compute), 2)
  })

  test('a content change drops results, and a refresh in flight does not bring them back', async ({
    assert,
  }) => {
    const { compute } = counter()
    await cachedPublic('q', compute)
    now += 10 * 60_000 + 1000
    await cachedPublic('q', compute)
    forgetPublicResults()
    await new Promise((resolve) => setTimeout(resolve, 20))
    // The refresh finished after the change: it was discarded, so this computes anew.
    assert.equal(await cachedPublic('q', compute), 3)
  })
})
