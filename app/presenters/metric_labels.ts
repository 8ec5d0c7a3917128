import type { MetricDefinition } from '#evaluation/metrics'

const percent = (x: number) => `${+(x * 100).toFixed(2)} %`
const ordinal = (q: number) => (q === 0.5 ? 'median' : `P${+(q * 100).toFixed(2)}`)

/** "conversion", "ratio", "quantile (P90)", "sum · CUPED". */
export function metricKindLabel(metric: Partial<MetricDefinition>) {
  const kind =
    metric.kind === 'quantile' ? `quantile (${ordinal(metric.quantile ?? 0.5)})` : metric.kind
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
