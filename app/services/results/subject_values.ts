import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import { quantileBoundLevels, quantileNStar } from '#stats/index'
import type { MetricSource } from '#evaluation/metrics'
import { partOf, type MetricTotals } from '#services/results/aggregation'

/**
 * Figures that no running sum gives, read from the folded per-subject rows (which the fold
 * keeps incrementally): exact quantiles, and caps at a percentile of the pooled values.
 * Each costs one scan of the experiment's rows of that source, so only metrics that ask
 * for them pay it; a mergeable sketch would be cheaper but approximate, and §17's bounds
 * are order statistics of the sample.
 */

/**
 * Each part's slot of the source (binds :experimentId, :key): where its statistics are in
 * the per-subject arrays (see aggregation.ts).
 */
const SLOT = `slot AS MATERIALIZED (
       SELECT part, array_position(sources, :key) AS n FROM experiment_aggregation_state WHERE experiment_id = :experimentId
     )`

/** The n* of §17 from 100 up: bounds at each, so an arm whose bounds collapse can walk down. */
const N_STARS = Array.from({ length: 20 }, (_, k) => 100 * 2 ** k)

export interface QuantileFigures {
  nStar: number
  quantileHat: number
  quantileLower: number
  quantileUpper: number
}

/**
 * Per variant, the ν-quantile of the per-subject value sums (0 for exposed subjects without
 * events) and its §17 bounds: order statistics (linear interpolation, as numpy's default)
 * at the largest n* below n, or a smaller one where those bounds coincide.
 */
export async function quantileFigures(
  experimentId: number,
  source: MetricSource,
  nu: number
): Promise<Map<number, QuantileFigures>> {
  const levels = [nu, ...N_STARS.flatMap((nStar) => quantileBoundLevels(nu, nStar))]
  const { rows } = await db.connection(BATCH_CONNECTION).rawQuery(
    `WITH ${SLOT}
     SELECT x.variant_id, count(*) AS n,
            percentile_cont(:levels::float8[]) WITHIN GROUP (ORDER BY coalesce(x.value_sum[slot.n], 0)) AS q
       FROM experiment_exposed_subjects x JOIN slot ON slot.part = ${partOf('x.subject_id')}
      WHERE x.experiment_id = :experimentId
      GROUP BY x.variant_id`,
    { levels, key: source.key, experimentId }
  )
  const figures = new Map<number, QuantileFigures>()
  for (const row of rows as { variant_id: number; n: string; q: number[] }[]) {
    const bounds = (nStar: number) => {
      const i = 1 + 2 * N_STARS.indexOf(nStar)
      return [row.q[i], row.q[i + 1]]
    }
    let nStar = quantileNStar(Number(row.n))
    while (nStar > 100 && bounds(nStar)[0] === bounds(nStar)[1]) nStar /= 2
    const [quantileLower, quantileUpper] = bounds(nStar)
    figures.set(row.variant_id, { nStar, quantileHat: row.q[0], quantileLower, quantileUpper })
  }
  return figures
}

/**
 * Per-variant totals with each subject's measure (and covariate) capped at the `level`
 * quantile of the measure over the subjects with events, all variants together.
 */
export async function percentileCappedTotals(
  experimentId: number,
  source: MetricSource,
  level: number
): Promise<{ cap: number | null; totals: MetricTotals[] }> {
  const [y, x] =
    source.measure === 'count' ? ['event_count', 'pre_count'] : ['value_sum', 'pre_value']
  const { rows } = await db.connection(BATCH_CONNECTION).rawQuery(
    `WITH ${SLOT}, rows AS MATERIALIZED (
       SELECT variant_id, event_count, value_sum, ${y}::float8 AS y, ${x}::float8 AS x
         FROM (SELECT s.variant_id, s.event_count[slot.n] AS event_count, s.value_sum[slot.n] AS value_sum,
                      s.pre_count[slot.n] AS pre_count, s.pre_value[slot.n] AS pre_value
                 FROM experiment_exposed_subjects s JOIN slot ON slot.part = ${partOf('s.subject_id')}
                WHERE s.experiment_id = :experimentId
                  -- The subjects with an event of the source (after, before or as denominator).
                  AND s.event_count[slot.n] + s.pre_count[slot.n] + s.den_count[slot.n] > 0) AS s
     ), cap AS (SELECT percentile_cont(:level) WITHIN GROUP (ORDER BY y) AS cap FROM rows WHERE event_count > 0)
     SELECT variant_id, cap.cap,
            count(*) FILTER (WHERE event_count > 0) AS converters,
            sum(least(event_count::float8, cap.cap)) AS count_sum, sum(least(event_count::float8, cap.cap) ^ 2) AS count_sq,
            sum(least(value_sum, cap.cap)) AS value_sum, sum(least(value_sum, cap.cap) ^ 2) AS value_sq,
            sum(least(x, cap.cap)) AS pre_sum, sum(least(x, cap.cap) ^ 2) AS pre_sq,
            sum(least(y, cap.cap) * least(x, cap.cap)) AS cross_sum
       FROM rows, cap GROUP BY variant_id, cap.cap`,
    { experimentId, key: source.key, level }
  )
  return {
    cap: rows.length ? Number(rows[0].cap) : null,
    totals: rows.map((row: Record<string, any>) => ({
      variantId: row.variant_id,
      converters: Number(row.converters),
      countSum: Number(row.count_sum),
      countSumSquares: Number(row.count_sq),
      valueSum: Number(row.value_sum),
      valueSumSquares: Number(row.value_sq),
      preSum: Number(row.pre_sum),
      preSumSquares: Number(row.pre_sq),
      crossSum: Number(row.cross_sum),
      denSum: 0,
      denSumSquares: 0,
      numDenSum: 0,
    })),
  }
}
