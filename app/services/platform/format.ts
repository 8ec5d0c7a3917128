/** "12.5 %" for a fraction, "—" for a missing or non-finite value. */
export function formatPercent(fraction: number | null | undefined, digits = 1) {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? '—'
    : `${(fraction * 100).toFixed(digits)} %`
}

/**
 * A duration in seconds as people say it: "45 s", "12 min", "2 h 15 min", "3.2 days";
 * "—" for a missing, negative or non-finite value.
 */
export function formatDuration(seconds: number | null | undefined) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return '—'
  }
  if (Math.round(seconds) < 60) return `${Math.round(seconds)} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  if (minutes < 24 * 60) {
    const rest = minutes % 60
    return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`
  }
  const days = Math.round(seconds / 8640) / 10
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(days)} ${days === 1 ? 'day' : 'days'}`
}
