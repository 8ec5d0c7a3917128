import { test } from '@japa/runner'
import {
  analyzeExperiment,
  analyzeMetricFamily,
  benjaminiHochbergAdjust,
  healthChecks,
  holmAdjust,
  type AnalysisSettings,
  type HealthInput,
  type PreExposureVariant,
} from '#stats/index'

const arms = (control: number, treatment: number, n = 2000) => [
  { key: 'A', isControl: true, n, conversions: control },
  { key: 'B', isControl: false, n, conversions: treatment },
]

const input = (control: number, treatment: number, settings: Partial<AnalysisSettings> = {}) => ({
  variants: arms(control, treatment),
  weights: [1, 1],
  settings: { method: 'frequentist' as const, ...settings },
})

/** Pre-period sums of n subjects with this mean and standard deviation. */
function pre(key: string, isControl: boolean, n: number, mean: number, sd: number) {
  const sum = n * mean
  return { key, isControl, n, sum, sumSquares: sd * sd * (n - 1) + (sum * sum) / n }
}

function health(overrides: Partial<HealthInput> = {}) {
  const primary = analyzeExperiment({
    ...input(200, 240),
    settings: { method: 'frequentist', minimumSampleSize: 1000 },
  })
  return healthChecks({
    primary,
    metrics: [{ name: 'signup', analysis: primary }],
    exposures: { subjects: 4000, inOtherVariants: 0 },
    preExposure: [],
    age: { days: 10, minimumDays: 7 },
    ...overrides,
  })
}

const state = (report: ReturnType<typeof healthChecks>, key: string) =>
  report.checks.find((c) => c.key === key)!.state

test.group('Stats / health checks', () => {
  test('every check has a label, a definition and a state', ({ assert }) => {
    const report = health()
    assert.deepEqual(
      report.checks.map((c) => [c.key, c.state]),
      [
        ['srm', 'ok'],
        ['multiple_exposures', 'ok'],
        ['pre_exposure_bias', 'not_applicable'],
        ['suspicious_uplift', 'ok'],
        ['minimum_data', 'ok'],
      ]
    )
    for (const c of report.checks) {
      assert.isAbove(c.label.length, 5)
      assert.isAbove(c.definition.length, 20)
    }
    assert.isTrue(report.enoughData)
  })

  test('multiple exposures warn from 1 % of the subjects', ({ assert }) => {
    assert.equal(
      state(health({ exposures: { subjects: 4000, inOtherVariants: 39 } }), 'multiple_exposures'),
      'ok'
    )
    assert.equal(
      state(health({ exposures: { subjects: 4000, inOtherVariants: 40 } }), 'multiple_exposures'),
      'warning'
    )
    assert.equal(
      state(health({ exposures: { subjects: 0, inOtherVariants: 0 } }), 'multiple_exposures'),
      'not_applicable'
    )
  })

  test('pre-exposure bias: variants that differed before exposure', ({ assert }) => {
    const balanced: PreExposureVariant[] = [
      pre('A', true, 2000, 10, 5),
      pre('B', false, 2000, 10.1, 5),
    ]
    const biased: PreExposureVariant[] = [pre('A', true, 2000, 10, 5), pre('B', false, 2000, 11, 5)]
    assert.equal(
      state(
        health({ preExposure: [{ name: 'revenue', variants: balanced }] }),
        'pre_exposure_bias'
      ),
      'ok'
    )
    const report = health({ preExposure: [{ name: 'revenue', variants: biased }] })
    assert.equal(state(report, 'pre_exposure_bias'), 'warning')
    assert.include(report.checks[2].detail, 'revenue')
  })

  test('suspicious uplift beyond ±50 %, either way', ({ assert }) => {
    const up = analyzeExperiment(input(200, 320))
    const down = analyzeExperiment(input(200, 90))
    assert.equal(
      state(health({ metrics: [{ name: 'signup', analysis: up }] }), 'suspicious_uplift'),
      'warning'
    )
    assert.equal(
      state(health({ metrics: [{ name: 'signup', analysis: down }] }), 'suspicious_uplift'),
      'warning'
    )
    const none = analyzeExperiment({ ...input(0, 0) })
    assert.equal(
      state(health({ metrics: [{ name: 'signup', analysis: none }] }), 'suspicious_uplift'),
      'not_applicable'
    )
  })

  test('minimum data: the sample and the age both count', ({ assert }) => {
    const young = health({ age: { days: 2.5, minimumDays: 7 } })
    assert.isFalse(young.enoughData)
    assert.equal(
      young.checks[4].detail,
      'Not enough data yet: 4,000 of 1,000 subjects, 2 of 7 days.'
    )
    const small = analyzeExperiment({
      ...input(20, 24),
      settings: { method: 'frequentist', minimumSampleSize: 10000 },
    })
    assert.isFalse(health({ primary: small }).enoughData)
  })
})

test.group('Stats / correction family', () => {
  const metrics = [input(200, 260), input(300, 340), input(100, 115)]
  const raw = metrics.map(
    (m) =>
      analyzeExperiment({ ...m, settings: { ...m.settings, correction: 'none' } }).variants[1]
        .comparison!.pValue!
  )

  test("'metric' scope is analyzeExperiment on each metric", ({ assert }) => {
    const family = analyzeMetricFamily(
      metrics.map((m) => ({ input: m, inFamily: true })),
      'metric'
    )
    family.forEach((analysis, i) => assert.deepEqual(analysis, analyzeExperiment(metrics[i])))
  })

  for (const correction of ['holm', 'bh'] as const) {
    test(`'experiment' scope adjusts over every metric's comparisons (${correction})`, ({
      assert,
    }) => {
      const members = metrics.map((m) => ({
        input: { ...m, settings: { ...m.settings, correction } },
        inFamily: true,
      }))
      const family = analyzeMetricFamily(members, 'experiment')
      const expected = correction === 'holm' ? holmAdjust(raw) : benjaminiHochbergAdjust(raw)
      family.forEach((analysis, i) => {
        const c = analysis.variants[1].comparison!
        assert.closeTo(c.adjustedPValue!, expected[i], 1e-15)
        assert.equal(analysis.settings.correctionFamilySize, 3)
        // The interval printed carries the corrected decision.
        const excludesZero = c.absoluteLiftCi!.lower > 0 || c.absoluteLiftCi!.upper < 0
        assert.equal(excludesZero, c.adjustedPValue! < 0.05)
        assert.equal(c.significant, excludesZero)
      })
    })
  }

  test('members outside the family and Bayesian metrics keep their own correction', ({
    assert,
  }) => {
    const bayes = { ...metrics[2], settings: { method: 'bayesian' as const } }
    const family = analyzeMetricFamily(
      [
        { input: metrics[0], inFamily: true },
        { input: metrics[1], inFamily: false },
        { input: bayes, inFamily: true },
      ],
      'experiment'
    )
    assert.closeTo(family[0].variants[1].comparison!.adjustedPValue!, raw[0], 1e-15)
    assert.deepEqual(family[1], analyzeExperiment(metrics[1]))
    assert.deepEqual(family[2], analyzeExperiment(bayes))
  })

  test('familyPValues must be p-values', ({ assert }) => {
    assert.equal(analyzeExperiment({ ...metrics[0], familyPValues: [1.5] }).status, 'invalid')
  })
})
