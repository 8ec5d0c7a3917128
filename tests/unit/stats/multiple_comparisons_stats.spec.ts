import { test } from '@japa/runner'
import { multipleComparisons } from '#stats/index'
import { assertClose } from './helpers.js'

// Reference values: R p.adjust / statsmodels multipletests semantics.

test.group('Stats / multiple comparisons', () => {
  test('Bonferroni, Holm and BH in input order', ({ assert }) => {
    const r = multipleComparisons({ pValues: [0.002, 0.028, 0.045, 0.2, 0.011] })
    const expected = {
      bonferroni: [0.01, 0.14, 0.225, 1, 0.055],
      holm: [0.01, 0.084, 0.09, 0.2, 0.044],
      benjaminiHochberg: [0.01, 0.04666666666666667, 0.05625, 0.2, 0.0275],
    }
    for (const [method, values] of Object.entries(expected)) {
      values.forEach((v, i) =>
        assertClose(assert, r[method as keyof typeof expected][i], v, 1e-12, 1e-15)
      )
    }
    assert.deepEqual(r.rejectHolm, [true, false, false, false, true])
    assert.deepEqual(r.rejectBenjaminiHochberg, [true, true, false, false, true])
  })

  test('Holm uses a running maximum (monotone in the raw order)', ({ assert }) => {
    // Without the running max the third value would be 2·0.03 = 0.06 < 0.09.
    const r = multipleComparisons({ pValues: [0.01, 0.03, 0.03, 0.5] })
    assert.deepEqual(r.holm, [0.04, 0.09, 0.09, 0.5])
  })

  test('BH uses a running minimum from the top', ({ assert }) => {
    // Raw m·p/rank: [0.04, 0.09, 0.06, 0.05]; the running min makes them monotone.
    const r = multipleComparisons({ pValues: [0.01, 0.045, 0.045, 0.05] })
    r.benjaminiHochberg.forEach((p, i) =>
      assertClose(assert, p, [0.04, 0.05, 0.05, 0.05][i], 1e-12)
    )
  })

  test('invariants: Holm ≥ BH, adjusted ≥ raw, ≤ 1, monotone with the raw p-values', ({
    assert,
  }) => {
    const sets = [
      [0.9, 0.8, 0.7],
      [0.001, 0.049, 0.0495, 0.05],
      [0.04],
      [0.3, 0.001, 0.02, 0.02, 0.6, 0.012, 0.9, 0.045],
    ]
    for (const pValues of sets) {
      const r = multipleComparisons({ pValues })
      const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b])
      pValues.forEach((p, i) => {
        assert.isAtLeast(r.holm[i], r.benjaminiHochberg[i] - 1e-15)
        assert.isAtLeast(r.bonferroni[i], r.holm[i] - 1e-15)
        assert.isAtLeast(r.benjaminiHochberg[i], p - 1e-15)
        assert.isAtMost(r.bonferroni[i], 1)
      })
      for (let k = 1; k < order.length; k++) {
        assert.isAtLeast(r.holm[order[k]], r.holm[order[k - 1]])
        assert.isAtLeast(r.benjaminiHochberg[order[k]], r.benjaminiHochberg[order[k - 1]])
      }
    }
  })

  test('reject when adjusted p ≤ alpha, one p-value is unchanged', ({ assert }) => {
    const r = multipleComparisons({ pValues: [0.025, 0.5], alpha: 0.05 })
    assert.equal(r.bonferroni[0], 0.05)
    assert.isTrue(r.rejectBonferroni[0])
    const single = multipleComparisons({ pValues: [0.04] })
    assert.deepEqual(
      [single.bonferroni, single.holm, single.benjaminiHochberg],
      [[0.04], [0.04], [0.04]]
    )
    assert.deepEqual(multipleComparisons({ pValues: [] }).holm, [])
  })
})
