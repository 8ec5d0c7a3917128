/**
 * Scales and number/date formatting for the SVG charts in charts.ts. Pure and locale-free, so
 * the same input always renders the same string whatever the server's locale.
 */

export type YFormat = 'percent' | 'number'

const DAY_MS = 86_400_000
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const NICE_MANTISSAS = [1, 2, 2.5, 5]
/** Label spacings in days; weeks read better than, say, every 6th day. */
const DAY_STEPS = [1, 2, 3, 7, 14, 28]

/** Days since the Unix epoch for an ISO 'YYYY-MM-DD' date, or null if it is not a real date. */
export function dayNumber(iso: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null
  const ms = Date.parse(`${iso}T00:00:00Z`)
  // Date.parse accepts 2026-02-30 in some engines and rolls it over; round-tripping rejects it.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? null : ms / DAY_MS
}

/** "Nov 3" for a day number. */
export function dayLabel(day: number): string {
  const date = new Date(day * DAY_MS)
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`
}

/**
 * Days to label between first and last (inclusive), at most maxLabels of them, counted back from
 * the last day so the latest date always has a label.
 */
export function dayTicks(first: number, last: number, maxLabels: number): number[] {
  const count = last - first + 1
  const step =
    DAY_STEPS.find((s) => Math.ceil(count / s) <= maxLabels) ?? Math.ceil(count / maxLabels)
  const ticks: number[] = []
  for (let day = last; day >= first; day -= step) ticks.unshift(day)
  return ticks
}

/**
 * Evenly spaced ticks covering [lo, hi] on a step of 1, 2, 2.5 or 5 × 10^k: the smallest such
 * step that needs at most maxTicks ticks, which in practice gives 4 to maxTicks of them.
 * minStep 1 keeps counts off fractional ticks.
 */
export function niceTicks(
  lo: number,
  hi: number,
  { maxTicks = 6, minStep = 0 } = {}
): { ticks: number[]; step: number } {
  // Whole-number scales need room for four ticks; a flat series would give a zero-height scale.
  hi = Math.max(hi, lo + 3 * minStep)
  if (hi === lo) hi = lo + 1
  // Starting one step too fine guarantees the loop settles on the finest step that fits.
  for (let power = 10 ** Math.floor(Math.log10((hi - lo) / maxTicks)); ; power *= 10) {
    for (const mantissa of NICE_MANTISSAS) {
      const step = mantissa * power
      if (step < minStep) continue
      // The epsilon keeps float noise (0.30000000000000004 / 0.1) from adding a tick.
      const first = Math.floor(lo / step + 1e-9)
      const last = Math.ceil(hi / step - 1e-9)
      if (last - first + 1 <= maxTicks) {
        const ticks = []
        for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)))
        return { ticks, step }
      }
    }
  }
}

/** A tick label with just the decimals its step needs: 2.5 % steps read "2.5 %", not "3 %". */
export function formatTick(value: number, step: number, format: YFormat, signed = false): string {
  const scale = format === 'percent' ? 100 : 1
  let decimals = 0
  while (decimals < 10 && !isWhole(step * scale * 10 ** decimals)) decimals++
  return withUnit(fixed(value * scale, decimals, signed), format)
}

/**
 * A value for text (description, labels): rates to one decimal, big numbers without decimals,
 * and two significant digits below 1 so 0.012 % does not collapse to "0.0 %".
 */
export function formatValue(value: number, format: YFormat, signed = false): string {
  const scaled = format === 'percent' ? value * 100 : value
  const abs = Math.abs(scaled)
  let decimals: number
  if (abs !== 0 && abs < 1) decimals = Math.min(10, 1 - Math.floor(Math.log10(abs)))
  else if (format === 'percent') decimals = abs >= 1000 ? 0 : 1
  else decimals = Number.isInteger(scaled) || abs >= 100 ? 0 : 2
  return withUnit(fixed(scaled, decimals, signed), format)
}

function isWhole(value: number): boolean {
  return Math.abs(value - Math.round(value)) < 1e-6
}

function withUnit(text: string, format: YFormat): string {
  return format === 'percent' ? `${text} %` : text
}

/** Fixed decimals, thousands separators, a true minus sign, and "+" when signed. */
function fixed(value: number, decimals: number, signed: boolean): string {
  const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.')
  const digits = whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction ? `.${fraction}` : '')
  // Only sign what survives rounding: -0.001 at one decimal is "0.0", not "−0.0".
  if (!/[1-9]/.test(digits)) return digits
  return (value < 0 ? '\u2212' : signed ? '+' : '') + digits
}
