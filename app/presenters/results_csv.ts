import type { Snapshot } from '#services/results'

/** RFC 4180 field: quoted when it contains a comma, quote or newline; formulas defused. */
function field(value: unknown) {
  if (value === null || value === undefined) return ''
  let text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value)
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@]/.test(text) && typeof value !== 'number') text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV record (no line break). */
export const line = (values: unknown[]) => values.map(field).join(',')

/** One row per metric and variant of the snapshot. */
export function resultsCsv(snapshot: Snapshot) {
  const header = [
    'metric_role',
    'metric_event',
    'metric_kind',
    'variant',
    'is_control',
    'subjects',
    'conversions_or_mean',
    'ci_lower',
    'ci_upper',
    'absolute_lift',
    'absolute_lift_ci_lower',
    'absolute_lift_ci_upper',
    'relative_lift',
    'relative_lift_ci_lower',
    'relative_lift_ci_upper',
    'p_value',
    'adjusted_p_value',
    'chance_to_beat_control',
    'expected_loss',
    'significant',
    'method',
    'computed_at',
  ]
  const rows = snapshot.payload.metrics.flatMap(({ role, metric, analysis }) =>
    analysis.variants.map((v) =>
      line([
        role,
        metric.event,
        metric.kind,
        v.key,
        v.isControl,
        v.n,
        v.estimate.value,
        v.estimate.ci?.lower,
        v.estimate.ci?.upper,
        v.comparison?.absoluteLift,
        v.comparison?.absoluteLiftCi?.lower,
        v.comparison?.absoluteLiftCi?.upper,
        v.comparison?.relativeLift,
        v.comparison?.relativeLiftCi?.lower,
        v.comparison?.relativeLiftCi?.upper,
        v.comparison?.pValue,
        v.comparison?.adjustedPValue,
        v.comparison?.chanceToBeatControl,
        v.comparison?.expectedLoss,
        v.comparison?.significant ?? '',
        analysis.settings.method,
        new Date(snapshot.computedAt).toISOString(),
      ])
    )
  )
  return [line(header), ...rows].join('\r\n') + '\r\n'
}

/** One row per day and variant: new and cumulative subjects and converters (primary metric). */
export function dailyCsv(snapshot: Snapshot) {
  const daily = snapshot.payload.daily
  const header = line([
    'day',
    'variant',
    'new_subjects',
    'cumulative_subjects',
    'cumulative_conversions',
    'cumulative_rate',
    'relative_lift',
    'lift_ci_lower',
    'lift_ci_upper',
  ])
  if (!daily) return header + '\r\n'
  const rows = daily.days.flatMap((day, i) =>
    daily.variants.map((v) => {
      const lift = daily.lift.find((l) => l.key === v.key)?.points[i]
      return line([
        day,
        v.key,
        v.newSubjects[i],
        v.exposed[i],
        v.conversions[i],
        v.exposed[i] ? v.conversions[i] / v.exposed[i] : null,
        lift?.lift,
        lift?.lower,
        lift?.upper,
      ])
    })
  )
  return [header, ...rows].join('\r\n') + '\r\n'
}
