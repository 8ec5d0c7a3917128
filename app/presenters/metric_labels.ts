import { DEFAULT_RETENTION_DAY, type MetricDefinition } from '#evaluation/metrics'

const retentionDayOf = (metric: Partial<MetricDefinition>) =>
  metric.retentionDay ?? DEFAULT_RETENTION_DAY
const percent = (x: number) => `${+(x * 100).toFixed(2)} %`
const ordinal = (q: number) => (q === 0.5 ? 'median' : `P${+(q * 100).toFixed(2)}`)

/** "conversion", "ratio", "quantile (P90)", "sum · CUPED". */
export function metricKindLabel(metric: Partial<MetricDefinition>) {
  const kind =
    metric.kind === 'quantile'
      ? `quantile (${ordinal(metric.quantile ?? 0.5)})`
      : metric.kind === 'retention'
        ? `retention (day ${retentionDayOf(metric)})`
        : metric.kind
  return metric.cupedDays ? `${kind} · CUPED` : (kind ?? 'conversion')
}

/** What a metric measures, in one sentence with its unit, window, cap and covariate. */
export function metricDefinitionText(metric: Partial<MetricDefinition>) {
  const unit = metric.unit ? ` (${metric.unit})` : ''
  const what = {
    conversion: `Share of exposed subjects with at least one “${metric.event}”`,
    count: `“${metric.event}” events per exposed subject${unit}`,
    sum: `Total value of “${metric.event}” per exposed subject${unit}`,
    ratio: `Σ ${metric.numerator === 'count' ? 'count' : 'value'} of “${metric.event}” / Σ ${metric.denominator === 'sum' ? 'value' : 'count'} of “${metric.denominatorEvent}”${unit}`,
    quantile: `${ordinal(metric.quantile ?? 0.5)} of the value of “${metric.event}” per exposed subject (0 without events)${unit}`,
    retention: `Share of exposed subjects with at least one “${metric.event}” on day ${retentionDayOf(metric)} after exposure (${retentionDayOf(metric) * 24} h to ${(retentionDayOf(metric) + 1) * 24} h after it)`,
  }[metric.kind ?? 'conversion']
  const parts = [what]
  if (metric.windowHours) parts.push(`within ${metric.windowHours} h of exposure`)
  if (metric.cap?.type === 'fixed')
    parts.push(`capped at ${metric.cap.value}${metric.unit ?? ''} per subject`)
  if (metric.cap?.type === 'percentile')
    parts.push(`capped at the ${percent(metric.cap.value)} percentile of subjects with events`)
  if (metric.cupedDays)
    parts.push(
      `CUPED-adjusted by the same metric over the ${metric.cupedDays} days before exposure`
    )
  return parts.join('; ') + '.'
}

/** What a results table's estimate column holds. */
export function estimateHeading(metric: Partial<MetricDefinition>) {
  const unit = metric.unit ? `, ${metric.unit}` : ''
  if (metric.kind === 'conversion' || metric.kind === 'retention') return 'Rate'
  if (metric.kind === 'ratio') return `Ratio${unit}`
  if (metric.kind === 'quantile') return `${ordinal(metric.quantile ?? 0.5)}${unit}`
  return `Mean${unit}`
}

/** Notes under a metric's results: CUPED's variance reduction, the percentile cap's value. */
export function metricResultNotes(result: {
  metric: Partial<MetricDefinition>
  cap?: number | null
  analysis: {
    model?: string
    variants: { name: string; comparison: { varianceReduction?: number | null } | null }[]
  }
}) {
  const notes: string[] = []
  if (result.analysis.model === 'cuped')
    for (const variant of result.analysis.variants) {
      const reduction = variant.comparison?.varianceReduction
      if (reduction !== null && reduction !== undefined)
        notes.push(
          `CUPED-adjusted: the variance of ${variant.name}’s lift is ${reduction >= 0 ? 'reduced' : 'increased'} by ${percent(Math.abs(reduction))} by the ${result.metric.cupedDays}-day pre-exposure covariate.`
        )
    }
  if (result.metric.cap?.type === 'percentile' && result.cap !== null && result.cap !== undefined)
    notes.push(
      `Capped at the ${percent(result.metric.cap.value)} percentile: ${+result.cap.toPrecision(6)}${result.metric.unit ?? ''} per subject.`
    )
  return notes
}
