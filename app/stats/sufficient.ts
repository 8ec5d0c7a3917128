/**
 * Sufficient statistics as values: what a sample of subjects reduces to, so that samples
 * counted apart (parts of the subjects, days) add up to the statistics of their union.
 * Immutable: add() returns a new value. Nothing is validated here, because an increment
 * may legitimately look odd on its own (a day can have more new conversions than new
 * subjects); analyzeExperiment validates what it is given.
 */

/** n, Σx and Σx²: the statistics of a continuous metric's variant (ContinuousVariantInput). */
export interface Sums {
  n: number
  sum: number
  sumSquares: number
}

/**
 * A sample of numbers reduced to n, Σx and Σx². Two metrics over the same subjects
 * (CUPED's covariate, a ratio's numerator and denominator) are a PairedSample.
 */
export class SampleMean {
  static readonly empty = new SampleMean({ n: 0, sum: 0, sumSquares: 0 })

  readonly n: number
  readonly sum: number
  readonly sumSquares: number

  constructor({ n, sum, sumSquares }: Sums) {
    this.n = n
    this.sum = sum
    this.sumSquares = sumSquares
  }

  /** The statistics of both samples together (they must not share subjects). */
  add(other: SampleMean): SampleMean {
    return new SampleMean({
      n: this.n + other.n,
      sum: this.sum + other.sum,
      sumSquares: this.sumSquares + other.sumSquares,
    })
  }

  /** Null without subjects. */
  get mean(): number | null {
    return this.n > 0 ? this.sum / this.n : null
  }

  /**
   * Sample variance s² (divisor n − 1), null below two subjects. Σx² − (Σx)²/n can go
   * slightly negative by rounding when the spread is tiny, hence the floor at 0.
   */
  get variance(): number | null {
    if (this.n < 2) return null
    return Math.max(0, (this.sumSquares - (this.sum * this.sum) / this.n) / (this.n - 1))
  }

  /** As a plain object, to spread into a ContinuousVariantInput. */
  sums(): Sums {
    return { n: this.n, sum: this.sum, sumSquares: this.sumSquares }
  }
}

/** Σxy of two metrics over the same subjects, with each metric's own sums. */
export interface PairedSums {
  n: number
  x: Omit<Sums, 'n'>
  y: Omit<Sums, 'n'>
  sumProduct: number
}

/**
 * Two metrics x and y measured on the same subjects (spec §14: post-period metric and
 * pre-period covariate; §15: a ratio's numerator and denominator).
 */
export class PairedSample {
  readonly x: SampleMean
  readonly y: SampleMean
  readonly sumProduct: number

  constructor({ n, x, y, sumProduct }: PairedSums) {
    this.x = new SampleMean({ n, ...x })
    this.y = new SampleMean({ n, ...y })
    this.sumProduct = sumProduct
  }

  get n(): number {
    return this.x.n
  }

  /** The statistics of both samples together (they must not share subjects). */
  add(other: PairedSample): PairedSample {
    const x = this.x.add(other.x)
    const y = this.y.add(other.y)
    return new PairedSample({
      n: x.n,
      x: { sum: x.sum, sumSquares: x.sumSquares },
      y: { sum: y.sum, sumSquares: y.sumSquares },
      sumProduct: this.sumProduct + other.sumProduct,
    })
  }

  /**
   * Sample covariance (divisor n − 1), null below two subjects. Written like
   * SampleMean.variance so that both round alike: y = 2x gives covariance = 2·variance(x)
   * exactly, and CUPED's adjusted variance exactly 0 (spec §14).
   */
  get covariance(): number | null {
    if (this.n < 2) return null
    return (this.sumProduct - (this.x.sum * this.y.sum) / this.n) / (this.n - 1)
  }
}

/** Counts of a 0/1 metric: n subjects, `successes` of them converted. */
export class Proportion {
  static readonly empty = new Proportion({ n: 0, successes: 0 })

  readonly n: number
  readonly successes: number

  constructor({ n, successes }: { n: number; successes: number }) {
    this.n = n
    this.successes = successes
  }

  /** The counts of both samples together (they must not share subjects). */
  add(other: Proportion): Proportion {
    return new Proportion({ n: this.n + other.n, successes: this.successes + other.successes })
  }

  /** successes/n; null without subjects. */
  get rate(): number | null {
    return this.n > 0 ? this.successes / this.n : null
  }

  /** Per-subject variance p(1 − p), the plug-in of spec §2; null without subjects. */
  get variance(): number | null {
    const p = this.rate
    return p === null ? null : p * (1 - p)
  }

  /**
   * As `{ n, conversions }`, the counts that a BinomialVariantInput, wilsonInterval and
   * chiSquareIndependence's variants take.
   */
  counts(): { n: number; conversions: number } {
    return { n: this.n, conversions: this.successes }
  }
}
