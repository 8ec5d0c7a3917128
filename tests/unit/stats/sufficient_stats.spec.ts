import { test } from '@japa/runner'
import { analyzeExperiment, Proportion, SampleMean, wilsonInterval } from '#stats/index'
import { generator } from '#tests/helpers/random'
import { assertClose, ok } from './helpers.js'

/** The statistics of a sample, summed directly. */
const sampleOf = (xs: number[]) =>
  new SampleMean({
    n: xs.length,
    sum: xs.reduce((s, x) => s + x, 0),
    sumSquares: xs.reduce((s, x) => s + x * x, 0),
  })

const proportionOf = (xs: number[]) =>
  new Proportion({ n: xs.length, successes: xs.filter((x) => x === 1).length })

/** Mean and sample variance the textbook way (two passes), as the reference. */
function twoPass(xs: number[]) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) }
}

/** Random values in [−5, 20) cut into `parts` random (possibly empty) pieces. */
function randomParts(random: () => number, parts: number) {
  const values = Array.from({ length: 2 + Math.floor(random() * 500) }, () => random() * 25 - 5)
  const cuts = Array.from({ length: parts - 1 }, () => Math.floor(random() * values.length))
  const bounds = [0, ...cuts.sort((a, b) => a - b), values.length]
  return { values, pieces: bounds.slice(1).map((end, i) => values.slice(bounds[i], end)) }
}

test.group('Stats / sufficient statistics', () => {
  test('adding the parts of a sample gives the statistics of the whole', ({ assert }) => {
    const random = generator(2024)
    for (let trial = 0; trial < 200; trial++) {
      const { values, pieces } = randomParts(random, 1 + Math.floor(random() * 5))
      const added = pieces.map(sampleOf).reduce((sum, part) => sum.add(part), SampleMean.empty)
      const expected = twoPass(values)
      assert.equal(added.n, values.length)
      assertClose(assert, added.mean, expected.mean, 1e-12)
      assertClose(assert, added.variance, expected.variance, 1e-12)

      const zeroOne = values.map((x) => (x > 5 ? 1 : 0))
      const counts = pieces
        .map((piece) => proportionOf(piece.map((x) => (x > 5 ? 1 : 0))))
        .reduce((sum, part) => sum.add(part), Proportion.empty)
      assert.deepEqual(counts, proportionOf(zeroOne))
      assertClose(assert, counts.rate, twoPass(zeroOne).mean, 1e-12)
    }
  })

  test('empty + x = x = x + empty', ({ assert }) => {
    const x = sampleOf([1.5, -2, 7.25])
    assert.deepEqual(SampleMean.empty.add(x), x)
    assert.deepEqual(x.add(SampleMean.empty), x)
    const p = new Proportion({ n: 40, successes: 7 })
    assert.deepEqual(Proportion.empty.add(p), p)
    assert.deepEqual(p.add(Proportion.empty), p)
  })

  test('add is associative and leaves its operands unchanged', ({ assert }) => {
    const random = generator(7)
    const { pieces } = randomParts(random, 3)
    const [a, b, c] = pieces.map(sampleOf)
    const left = a.add(b).add(c)
    const right = a.add(b.add(c))
    assert.equal(left.n, right.n)
    assertClose(assert, left.sum, right.sum, 1e-12)
    assertClose(assert, left.sumSquares, right.sumSquares, 1e-12)
    assert.deepEqual(a, sampleOf(pieces[0]))

    const [p, q, r] = [3, 5, 8].map((n) => new Proportion({ n: 10 * n, successes: n }))
    assert.deepEqual(p.add(q).add(r), p.add(q.add(r)))
    assert.deepEqual(p, new Proportion({ n: 30, successes: 3 }))
  })

  test('mean needs one subject and variance two (null otherwise)', ({ assert }) => {
    assert.isNull(SampleMean.empty.mean)
    assert.isNull(SampleMean.empty.variance)
    const one = sampleOf([4])
    assert.equal(one.mean, 4)
    assert.isNull(one.variance)
    assert.equal(one.add(sampleOf([6])).variance, 2)
    // Rounding in Σx² − (Σx)²/n never gives a negative variance.
    assert.equal(sampleOf([0.1, 0.1, 0.1]).variance, 0)

    assert.isNull(Proportion.empty.rate)
    assert.isNull(Proportion.empty.variance)
    const p = new Proportion({ n: 4, successes: 1 })
    assert.equal(p.rate, 0.25)
    assert.equal(p.variance, 0.1875)
  })

  test('sums() and counts() are the inputs the statistics functions take', ({ assert }) => {
    const control = sampleOf([3, 5, 4, 6])
    const treatment = sampleOf([5, 7, 6, 9])
    const fromSample = analyzeExperiment({
      variants: [
        { key: 'A', isControl: true, ...control.sums() },
        { key: 'B', isControl: false, ...treatment.sums() },
      ],
      weights: [1, 1],
      settings: { method: 'frequentist' },
    })
    assert.equal(fromSample.variants[0].estimate.value, control.mean)
    assert.equal(fromSample.variants[1].estimate.value, treatment.mean)
    assert.equal(fromSample.variants[1].estimate.sd, Math.sqrt(treatment.variance!))

    const counts = new Proportion({ n: 20, successes: 3 })
    assert.equal(ok(wilsonInterval(counts.counts())).pHat, counts.rate)
  })
})
