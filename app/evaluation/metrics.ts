/**
 * What an experiment measures. A metric reads the events with one name:
 * - conversion: share of exposed subjects with at least one such event;
 * - count: events per exposed subject;
 * - sum: total `value` per exposed subject (e.g. revenue).
 */
export const METRIC_KINDS = ['conversion', 'count', 'sum'] as const
export type MetricKind = (typeof METRIC_KINDS)[number]

export interface MetricDefinition {
  event: string
  kind: MetricKind
  /** Display name; defaults to the event name. */
  name?: string
  /** False when a decrease is the good direction (refunds, errors, churn). Default true. */
  higherIsBetter?: boolean
}

export function metricLabel(metric: MetricDefinition) {
  return metric.name || metric.event
}
