/**
 * What an experiment measures, per exposed subject, from the events after its exposure
 * (within the conversion window when one is set):
 * - conversion: share of subjects with at least one `event`;
 * - count: `event`s per subject;
 * - sum: total `value` of `event` per subject (e.g. revenue);
 * - ratio: Σ numerator over Σ denominator across subjects (e.g. revenue per order), each
 *   the count or the value sum of its event; analysed by the delta method;
 * - quantile: a quantile (e.g. the median, P90) of the per-subject value sums;
 * - retention: share of subjects with at least one `event` on day N after their exposure,
 *   from N×24 h to (N+1)×24 h after it (day 7 by default: "came back a week later").
 * Experiments keep a copy of each definition; one picked from the library carries its id.
 */
export const METRIC_KINDS = [
  'conversion',
  'count',
  'sum',
  'ratio',
  'quantile',
  'retention',
] as const
export type MetricKind = (typeof METRIC_KINDS)[number]
export const AGGREGATES = ['count', 'sum'] as const
export type Aggregate = (typeof AGGREGATES)[number]

/** Default CUPED lookback: the covariate is the same metric in the days before exposure. */
export const DEFAULT_CUPED_DAYS = 14

/** Default retention day: a return 7 days after exposure. */
export const DEFAULT_RETENTION_DAY = 7

export type MetricCap =
  | { type: 'fixed'; value: number }
  /** At this quantile (0..1) of the subjects with events, all variants together. */
  | { type: 'percentile'; value: number }

export interface MetricDefinition {
  event: string
  kind: MetricKind
  /** Display name; defaults to the event name. */
  name?: string
  /** False when a decrease is the good direction (refunds, errors, churn). Default true. */
  higherIsBetter?: boolean
  /** The library metric this copy was taken from. */
  metricId?: number
  /** Unit of the per-subject value, shown with results (e.g. "€", "ms"). */
  unit?: string
  /** Only events within this many hours after exposure count. */
  windowHours?: number
  /** count and sum: each subject's value is capped. */
  cap?: MetricCap
  /** conversion, count, sum: CUPED with the metric over this many days before exposure. */
  cupedDays?: number
  /** ratio: what of `event` is the numerator (default sum), and the denominator's event. */
  numerator?: Aggregate
  denominatorEvent?: string
  denominator?: Aggregate
  /** quantile: which one, 0..1 (0.5 is the median). */
  quantile?: number
  /** retention: the day after exposure that counts (1 = the next 24 hours after the first). */
  retentionDay?: number
}

export function metricLabel(metric: MetricDefinition) {
  return metric.name || metric.event
}

/** Kinds defined inline in the experiment form (the others need the library's options). */
export const INLINE_KINDS: MetricKind[] = ['conversion', 'count', 'sum', 'retention']

/** Which kinds accept which options (the validator and the form read it). */
export const CUPED_KINDS: MetricKind[] = ['conversion', 'count', 'sum']
export const CAP_KINDS: MetricKind[] = ['count', 'sum']

/**
 * The folded statistics a metric reads: per subject, what its events add up to. Metrics
 * that need the same figures share one source; the key of a plain one is its event name
 * (the statistics folded before the library keep serving them).
 */
export interface MetricSource {
  key: string
  event: string
  /** What the per-variant totals' covariate and cross-products are of. */
  measure: 'conversion' | Aggregate
  windowHours: number | null
  /** Hours after exposure before events count (retention); the window starts there. */
  delayHours: number
  /** Covariate lookback (0: none). */
  preDays: number
  /** Fixed cap applied in the totals (a percentile cap is applied when reading). */
  cap: number | null
  denominatorEvent: string | null
  denominator: Aggregate | null
}

export function metricSource(metric: MetricDefinition): MetricSource {
  const ratio = metric.kind === 'ratio'
  const retentionDay =
    metric.kind === 'retention' ? (metric.retentionDay ?? DEFAULT_RETENTION_DAY) : null
  const source: MetricSource = {
    key: metric.event,
    event: metric.event,
    measure:
      metric.kind === 'conversion' || retentionDay !== null
        ? 'conversion'
        : metric.kind === 'count' || (ratio && metric.numerator === 'count')
          ? 'count'
          : 'sum',
    windowHours: retentionDay !== null ? 24 : (metric.windowHours ?? null),
    delayHours: retentionDay !== null ? retentionDay * 24 : 0,
    preDays: CUPED_KINDS.includes(metric.kind) ? (metric.cupedDays ?? 0) : 0,
    cap: metric.cap?.type === 'fixed' && CAP_KINDS.includes(metric.kind) ? metric.cap.value : null,
    denominatorEvent: ratio ? (metric.denominatorEvent ?? null) : null,
    denominator: ratio ? (metric.denominator ?? 'count') : null,
  }
  const options = [
    source.delayHours > 0 && `from=${source.delayHours}h`,
    source.windowHours !== null && `window=${source.windowHours}h`,
    source.preDays > 0 && `pre=${source.preDays}d`,
    source.cap !== null && `cap=${source.cap}`,
    source.denominatorEvent !== null && `/${source.denominator}:${source.denominatorEvent}`,
  ].filter(Boolean)
  // A plain source serves every kind; one with options folds figures of its own measure.
  if (options.length) source.key = [metric.event, source.measure, ...options].join('|')
  return source
}
