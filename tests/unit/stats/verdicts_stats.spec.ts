import { test } from '@japa/runner'
import {
  analyzeExperiment,
  type AnalysisMethod,
  type ComparisonResult,
  type CorrectionMethod,
  type VariantInput,
} from '#stats/index'

/**
 * A verdict never contradicts the intervals printed beside it: a comparison is
 * significant exactly when its absolute interval excludes 0, the relative interval
 * excludes 0 on the same side, the direction follows that side, and a Bayesian verdict
 * also matches its chance to beat control (above 1 − α/2 or below α/2).
 */
function checkAgreement(
  c: ComparisonResult,
  method: AnalysisMethod,
  alpha: number,
  higherIsBetter: boolean
): string[] {
  const problems: string[] = []
  const abs = c.absoluteLiftCi
  if (abs === null) {
    if (c.significant) problems.push('significant without an interval')
    return problems
  }
  const above = abs.lower > 0
  const below = abs.upper < 0
  if (c.significant !== (above || below))
    problems.push(`significant ${c.significant} vs ${JSON.stringify(abs)}`)
  const expected = above
    ? higherIsBetter
      ? 'better'
      : 'worse'
    : below
      ? higherIsBetter
        ? 'worse'
        : 'better'
      : 'none'
  if (c.direction !== expected) problems.push(`direction ${c.direction}, interval says ${expected}`)
  const rel = c.relativeLiftCi
  if (rel !== null && (rel.lower > 0 !== above || rel.upper < 0 !== below))
    problems.push(`relative ${JSON.stringify(rel)} vs absolute ${JSON.stringify(abs)}`)
  if (rel !== null && rel.level !== abs.level) problems.push('intervals at different levels')
  if (method === 'bayesian' && c.chanceToBeatControl !== null) {
    const chance = c.chanceToBeatControl
    const decided = chance > 1 - alpha / 2 || chance < alpha / 2
    if (decided !== c.significant) problems.push(`chance ${chance} vs significant ${c.significant}`)
  }
  return problems
}

interface GridPoint {
  method: AnalysisMethod
  variants: VariantInput[]
  alpha: number
  higherIsBetter: boolean
  correction: CorrectionMethod
}

function runGrid(points: GridPoint[]): {
  checked: number
  significant: number
  problems: string[]
} {
  let checked = 0
  let significant = 0
  const problems: string[] = []
  for (const { method, variants, alpha, higherIsBetter, correction } of points) {
    const r = analyzeExperiment({
      variants,
      weights: variants.map(() => 1),
      settings: { method, alpha, higherIsBetter, correction },
    })
    for (const v of r.variants) {
      if (v.comparison === null) continue
      checked++
      if (v.comparison.significant) significant++
      for (const p of checkAgreement(v.comparison, method, alpha, higherIsBetter))
        problems.push(`${method} α=${alpha} ${JSON.stringify(variants)}: ${p}`)
    }
    if (r.status === 'winner' && !r.variants.some((v) => v.comparison?.direction === 'better'))
      problems.push(`${method}: winner without a better variant`)
  }
  return { checked, significant, problems }
}

function binomialPoints(
  method: AnalysisMethod,
  sizes: number[],
  rates: number[],
  steps: number[],
  alphas: number[]
) {
  const points: GridPoint[] = []
  for (const n of sizes)
    for (const rate of rates)
      for (const k of steps)
        for (const alpha of alphas)
          for (const higherIsBetter of [true, false]) {
            const control = Math.round(rate * n)
            const step = 0.8 * Math.sqrt(n * rate * (1 - rate))
            const clamp = (x: number) => Math.min(n, Math.max(0, Math.round(x)))
            points.push({
              method,
              alpha,
              higherIsBetter,
              correction: k % 2 === 0 ? 'holm' : 'bh',
              variants: [
                { key: 'A', isControl: true, n, conversions: control },
                { key: 'B', isControl: false, n: n + 7, conversions: clamp(control + k * step) },
                {
                  key: 'C',
                  isControl: false,
                  n: n - 3,
                  conversions: clamp(control - (k * step) / 2),
                },
              ],
            })
          }
  return points
}

function continuousPoints(method: AnalysisMethod) {
  const points: GridPoint[] = []
  const arm = (key: string, isControl: boolean, n: number, mean: number, sd: number) => ({
    key,
    isControl,
    n,
    sum: n * mean,
    sumSquares: (n - 1) * sd * sd + n * mean * mean,
  })
  for (const n of [30, 400, 5000])
    for (const mean of [-20, 0.5, 40])
      for (const k of [-6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6])
        for (const alpha of [0.01, 0.05, 0.1]) {
          const sd = 10
          const step = 0.8 * sd * Math.sqrt(2 / n)
          points.push({
            method,
            alpha,
            higherIsBetter: k % 2 === 0,
            correction: 'holm',
            variants: [
              arm('A', true, n, mean, sd),
              arm('B', false, n + 5, mean + k * step, sd * 1.1),
              arm('C', false, n, mean - (k * step) / 3, sd * 0.9),
            ],
          })
        }
  return points
}

const STEPS = [-9, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 9]

test.group('Stats / verdicts agree with the printed intervals', () => {
  for (const method of ['frequentist', 'sequential'] as AnalysisMethod[]) {
    test(`${method}, binomial grid (n, rates, lifts, alpha, direction, correction)`, ({
      assert,
    }) => {
      const grid = runGrid(
        binomialPoints(
          method,
          [50, 400, 3000, 40000],
          [0.01, 0.1, 0.35, 0.8],
          STEPS,
          [0.01, 0.05, 0.1]
        )
      )
      assert.deepEqual(grid.problems.slice(0, 5), [])
      assert.isAbove(grid.significant, grid.checked / 25) // the grid crosses the boundary
      assert.isBelow(grid.significant, grid.checked)
    })

    test(`${method}, continuous grid`, ({ assert }) => {
      const grid = runGrid(continuousPoints(method))
      assert.deepEqual(grid.problems.slice(0, 5), [])
      assert.isAbove(grid.significant, grid.checked / 25)
    })
  }

  test('bayesian, binomial grid', ({ assert }) => {
    const grid = runGrid(
      binomialPoints(
        'bayesian',
        [300, 5000],
        [0.05, 0.4],
        [-6, -4, -3, -2, 0, 2, 3, 4, 6],
        [0.05, 0.1]
      )
    )
    assert.deepEqual(grid.problems.slice(0, 5), [])
    assert.isAbove(grid.significant, grid.checked / 25)
  }).timeout(60000)

  test('bayesian, continuous grid', ({ assert }) => {
    const grid = runGrid(continuousPoints('bayesian').filter((_, i) => i % 3 === 0))
    assert.deepEqual(grid.problems.slice(0, 5), [])
    assert.isAbove(grid.significant, grid.checked / 25)
  }).timeout(60000)
})

test.group('Stats / frequentist proportions decide with the relative-lift test (§20)', () => {
  test('200/2000 vs 240/2000: not significant, CI −1.25 % to +41.25 % beside it', ({ assert }) => {
    const r = analyzeExperiment({
      variants: [
        { key: 'A', isControl: true, n: 2000, conversions: 200 },
        { key: 'B', isControl: false, n: 2000, conversions: 240 },
      ],
      weights: [1, 1],
      settings: { method: 'frequentist', correction: 'none' },
    })
    const c = r.variants[1].comparison!
    assert.isFalse(c.significant)
    assert.equal(r.status, 'inconclusive')
    assert.closeTo(c.pValue!, 0.0651, 5e-4)
    assert.closeTo(c.relativeLiftCi!.lower, -0.0125, 5e-5)
    assert.closeTo(c.relativeLiftCi!.upper, 0.4125, 5e-5)
    // The absolute interval is the same test on the absolute scale: it contains 0 too.
    assert.closeTo(c.absoluteLiftCi!.lower, -0.0125 * 0.1, 5e-6)
    assert.closeTo(c.absoluteLiftCi!.upper, 0.4125 * 0.1, 5e-6)
  })

  test('100/1000 vs 76/1000: the relative test finds the harm the pooled z misses', ({
    assert,
  }) => {
    const r = analyzeExperiment({
      variants: [
        { key: 'A', isControl: true, n: 1000, conversions: 100 },
        { key: 'B', isControl: false, n: 1000, conversions: 76 },
      ],
      weights: [1, 1],
      settings: { method: 'frequentist', correction: 'none' },
    })
    const c = r.variants[1].comparison!
    assert.isTrue(c.significant)
    assert.equal(c.direction, 'worse')
    assert.isBelow(c.relativeLiftCi!.upper, 0)
  })
})
