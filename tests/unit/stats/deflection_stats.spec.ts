import { test } from '@japa/runner'
import { articleImpact, ticketsAvoided } from '#stats/index'
import { assertClose } from './helpers.js'

test.group('Stats / ticket deflection', () => {
  test('tickets avoided per 1,000 visitors and in total, with a Wald interval', ({ assert }) => {
    // Holdout: 100 tickets from 1,000 visitors (10 %); shown: 720 from 9,000 (8 %).
    const d = ticketsAvoided({ visitors: 1000, tickets: 100 }, { visitors: 9000, tickets: 720 })
    assertClose(assert, d.holdoutRate!, 0.1, 1e-15)
    assertClose(assert, d.treatedRate!, 0.08, 1e-15)
    // 2 points fewer tickets = 20 per 1,000; se = √(.1·.9/1000 + .08·.92/9000) = 0.0099085.
    assertClose(assert, d.perThousand!.estimate, 20, 1e-9)
    assertClose(assert, d.perThousand!.low, 20 - 1.959964 * 9.90847, 1e-3)
    assertClose(assert, d.perThousand!.high, 20 + 1.959964 * 9.90847, 1e-3)
    // Over the 9,000 visitors shown suggestions: 180 tickets avoided.
    assertClose(assert, d.total!.estimate, 180, 1e-9)
    assertClose(assert, d.total!.low, d.perThousand!.low * 9, 1e-9)
  })

  test('more tickets with suggestions is a negative deflection, not hidden', ({ assert }) => {
    const d = ticketsAvoided({ visitors: 1000, tickets: 50 }, { visitors: 1000, tickets: 80 })
    assertClose(assert, d.perThousand!.estimate, -30, 1e-9)
    assert.isBelow(d.perThousand!.high, 0)
  })

  test('no visitors in an arm is no data (null), never NaN', ({ assert }) => {
    const d = ticketsAvoided({ visitors: 0, tickets: 0 }, { visitors: 300, tickets: 12 })
    assert.isNull(d.holdoutRate)
    assert.isNull(d.perThousand)
    assert.isNull(d.total)
    assertClose(assert, d.treatedRate!, 0.04, 1e-15)
  })

  test('per article: ranked by tickets avoided, often-shown non-deflectors flagged', ({
    assert,
  }) => {
    const rows = [
      // Shown to 200, 10 % tickets; its holdout matches 20 % → avoids 100 per 1,000.
      { faqId: 1, shown: { visitors: 200, tickets: 20 }, holdout: { visitors: 50, tickets: 10 } },
      // Shown to 400, same rate as the holdout: prevents nothing → rewrite.
      { faqId: 2, shown: { visitors: 400, tickets: 60 }, holdout: { visitors: 40, tickets: 6 } },
      // Rarely shown and no holdout match yet: no estimate, not flagged, last.
      { faqId: 3, shown: { visitors: 30, tickets: 3 }, holdout: { visitors: 0, tickets: 0 } },
      // Shown rarely and worse than nothing: below the often-shown threshold, not flagged.
      { faqId: 4, shown: { visitors: 20, tickets: 6 }, holdout: { visitors: 10, tickets: 1 } },
    ]
    const ranked = articleImpact(rows)
    assert.deepEqual(
      ranked.map((r) => r.faqId),
      [1, 2, 4, 3]
    )
    assertClose(assert, ranked[0].perThousand!.estimate, 100, 1e-9)
    assertClose(assert, ranked[1].perThousand!.estimate, 0, 1e-9)
    assert.deepEqual(
      ranked.map((r) => r.rewrite),
      [false, true, false, false]
    )
    assert.isNull(ranked[3].perThousand)
  })
})
