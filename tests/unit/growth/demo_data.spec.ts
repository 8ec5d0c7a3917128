import { test } from '@japa/runner'
import { DEMO_LOOPS, generateGrowthDemo } from '#database/demo_growth'

test.group('Growth demo data', () => {
  test('10,000+ links over 90 days from several loops, steps in order, nothing after now', ({
    assert,
  }) => {
    const now = new Date('2026-03-31T12:00:00Z')
    const { links, subjects } = generateGrowthDemo(now)
    assert.isAbove(links.length, 10_000)
    assert.sameMembers(
      [...new Set(links.map((l) => l.loop))],
      DEMO_LOOPS.map((l) => l.key)
    )
    const first = Math.min(...links.map((l) => l.sentAt.getTime()))
    assert.isAtLeast(first, now.getTime() - 90 * 86_400_000)
    for (const link of links) {
      const steps = [link.sentAt, link.clickedAt, link.signedUpAt, link.firstValueAt]
        .filter((at): at is Date => at !== null)
        .map((at) => at.getTime())
      assert.deepEqual(
        steps,
        [...steps].sort((a, b) => a - b)
      )
      assert.isAtMost(Math.max(...steps), now.getTime())
      assert.equal(link.signedUpAt === null, link.inviteeId === null)
    }
    const converted = links.filter((l) => l.signedUpAt).length
    assert.isAbove(converted / links.length, 0.1)
    assert.isBelow(converted / links.length, 0.5)
    // Every invitee who signed up is a subject referred by the link's referrer.
    const byId = new Map(subjects.map((s) => [s.id, s]))
    for (const link of links.filter((l) => l.inviteeId)) {
      assert.equal(byId.get(link.inviteeId!)?.referredBy, link.referrerId)
    }
    // Deterministic: the same data on every machine.
    assert.equal(generateGrowthDemo(now).links.length, links.length)
  })
})
