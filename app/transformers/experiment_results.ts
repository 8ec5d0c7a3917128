import type Experiment from '#models/experiment'
import type { SnapshotState } from '#services/results'
import { normalIsf } from '#stats/index'

/**
 * The standard normal score of a comparison: the z whose two-sided p-value is the
 * unadjusted p-value, signed by the lift (exactly the z statistic of a z test, its normal
 * equivalent for a t test). Null where there is no p-value (Bayesian).
 */
function zScore(comparison: { pValue: number | null; absoluteLift: number | null } | null) {
  if (comparison?.pValue === null || comparison?.pValue === undefined) return null
  if (comparison.absoluteLift === null) return null
  const z = normalIsf(Math.max(comparison.pValue, 1e-300) / 2)
  return Math.sign(comparison.absoluteLift) * Math.min(z, 40)
}

/**
 * GET /api/experiments/{id}/results: the Pitchey document's fields (strings where it uses
 * strings) for the primary metric, plus the full analysis of every metric, the method,
 * the correction and its family, the SRM and other health checks, and when the snapshot
 * was computed. Below the minimum sample and age there is no verdict: "collecting".
 */
export function resultsJson(experiment: Experiment, state: SnapshotState) {
  const snapshot = state.latest
  if (!snapshot) {
    return {
      experimentId: experiment.id,
      experimentKey: experiment.key,
      status: 'no_results',
      recommendation: 'No results yet: they are computed by the next recompute.',
      computedAt: null,
      lastFailure: state.failure,
    }
  }
  const { payload } = snapshot
  const primary = payload.metrics[0].analysis
  const control = primary.variants.find((v) => v.isControl)
  const best = payload.winner
    ? primary.variants.find((v) => v.key === payload.winner!.key)
    : primary.variants
        .filter((v) => v.comparison)
        .sort(
          (a, b) =>
            (b.comparison!.relativeLift ?? -Infinity) - (a.comparison!.relativeLift ?? -Infinity)
        )[0]
  // Snapshots written before the health checks existed have none.
  const enoughData = payload.health?.enoughData ?? true
  const significant = enoughData && primary.variants.some((v) => v.comparison?.significant)
  const verdict = ['winner', 'loser', 'inconclusive'].includes(primary.status)
  const pValue = best?.comparison?.adjustedPValue ?? best?.comparison?.pValue ?? null
  return {
    experimentId: experiment.id,
    experimentKey: experiment.key,
    status: payload.winner ? 'significant' : !enoughData && verdict ? 'collecting' : primary.status,
    totalParticipants: primary.sampleSize.totalN,
    variantSampleSizes: Object.fromEntries(primary.variants.map((v) => [v.key, v.n])),
    conversionRates: Object.fromEntries(primary.variants.map((v) => [v.key, v.estimate.value])),
    pValue: pValue === null ? null : pValue.toPrecision(3),
    zScore: zScore(best?.comparison ?? null),
    zScores: Object.fromEntries(
      primary.variants.filter((v) => v.comparison).map((v) => [v.key, zScore(v.comparison)])
    ),
    // The power the experiment was planned with, and the smallest effect the current sample
    // detects with it (per variant against the control).
    statisticalPower: primary.settings.power,
    minimumDetectableEffects: Object.fromEntries(
      primary.variants
        .filter((v) => v.comparison)
        .map((v) => [v.key, v.comparison!.minimumDetectableEffect])
    ),
    isStatisticallySignificant: significant,
    winningVariant: payload.winner?.key ?? null,
    liftPercentage:
      best?.comparison?.relativeLift === null || best?.comparison?.relativeLift === undefined
        ? null
        : (best.comparison.relativeLift * 100).toFixed(1),
    confidenceLevel: String(1 - experiment.significanceLevel),
    recommendation: payload.recommendation,
    method: primary.settings.method,
    correction: primary.settings.correction,
    correctionFamily: payload.correction ?? null,
    health: payload.health ?? null,
    controlVariant: control?.key ?? null,
    srm: primary.srm,
    sampleSize: primary.sampleSize,
    progress: payload.progress,
    guardrailHarm: payload.guardrailHarm,
    metrics: payload.metrics,
    computedAt: snapshot.computedAt,
    computedBy: snapshot.computedBy,
    lastFailure: state.failure,
  }
}
