/** "12.5 %" for a fraction, "—" for a missing or non-finite value. */
export function formatPercent(fraction: number | null | undefined, digits = 1) {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? '—'
    : `${(fraction * 100).toFixed(digits)} %`
}
