import { test } from '@japa/runner'
import { kFactor, viralGrowth } from '#stats/index'
import { assertClose, ok } from './helpers.js'

test.group('Stats / K-factor', () => {
  test('K = i·c = converted invitees / active users (multiply, not divide)', ({ assert }) => {
    const r = ok(kFactor({ activeUsers: 1000, invitesSent: 2500, convertedInvitees: 300 }))
    assertClose(assert, r.invitesPerUser as number, 2.5, 1e-15)
    assertClose(assert, r.inviteConversionRate as number, 0.12, 1e-15)
    assertClose(assert, r.kFactor, 0.3, 1e-15)
    assert.isAbove(Math.abs(r.kFactor - 2.5 / 0.12), 1) // the "divide" mistake
    assertClose(assert, r.amplification as number, 1 / 0.7, 1e-15)
    assert.isFalse(r.selfSustaining)
  })

  test('from i and c directly; K > 1 is self-sustaining with unbounded amplification', ({
    assert,
  }) => {
    const r = ok(kFactor({ invitesPerUser: 4, conversionRate: 0.3 }))
    assertClose(assert, r.kFactor, 1.2, 1e-15)
    assert.isTrue(r.selfSustaining)
    assert.isNull(r.amplification)
  })

  test('no active users is an error', ({ assert }) => {
    assert.deepEqual(kFactor({ activeUsers: 0, convertedInvitees: 3 }), {
      error: 'no_active_users',
    })
  })
})

test.group('Stats / viral growth (Skok)', () => {
  test('K = 2, U0 = 10, 5 cycles gives 630', ({ assert }) => {
    assert.equal(ok(viralGrowth({ initialUsers: 10, k: 2, cycles: 5 })).users, 630)
    assert.equal(ok(viralGrowth({ u0: 10, k: 2, t: 50, cycleTime: 10 })).users, 630)
  })

  test('K = 1 is linear and K near 1 is continuous', ({ assert }) => {
    assert.equal(ok(viralGrowth({ initialUsers: 10, k: 1, cycles: 5 })).users, 60)
    assertClose(
      assert,
      ok(viralGrowth({ initialUsers: 10, k: 1 + 1e-12, cycles: 5 })).users,
      60,
      1e-10
    )
  })

  test('K < 1 converges to U0/(1 − K)', ({ assert }) => {
    assertClose(
      assert,
      ok(viralGrowth({ initialUsers: 100, k: 0.5, cycles: 200 })).users,
      200,
      1e-12
    )
    assertClose(assert, ok(viralGrowth({ initialUsers: 100, k: 0.5, cycles: 2 })).users, 175, 1e-14)
  })
})
