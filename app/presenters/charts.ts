/**
 * Server-rendered SVG charts for the experiment dashboards. Each function returns an SVG string
 * for Edge to output raw (`{{{ chart }}}`), so htmx-refreshed pages need no client chart library.
 *
 * Series differ in colour AND in dash pattern, marker shape (lines) or fill pattern (bars), and
 * the legend repeats them, so the charts read without colour. Values in 'percent' format are
 * fractions (0.102 → "10.2 %"). Output is deterministic: same input, same string.
 */
import {
  dayLabel,
  dayNumber,
  dayTicks,
  formatTick,
  formatValue,
  niceTicks,
  type YFormat,
} from './chart_scales.js'

export type { YFormat } from './chart_scales.js'

export interface Point {
  /** ISO date, 'YYYY-MM-DD'. Points with any other x are left out. */
  x: string
  /** null (or a non-finite number) leaves a gap in the line. */
  y: number | null
}

export interface Series {
  key: string
  label: string
  points: Point[]
}

export interface BandPoint extends Point {
  lower: number | null
  upper: number | null
}

export interface ChartSize {
  /** viewBox width; the SVG itself scales to 100 % of its container. Default 640. */
  width?: number
  /** viewBox height. Default 260. */
  height?: number
}

export interface LineChartOptions extends ChartSize {
  title: string
  series: Series[]
  /** Default 'percent'. */
  yFormat?: YFormat
}

export interface BandChartOptions extends ChartSize {
  title: string
  points: BandPoint[]
  /** Default 'percent'. */
  yFormat?: YFormat
  /** Names the line in the legend and description. Default 'Lift'. */
  label?: string
  /** Names the shaded band. Default 'Confidence interval'. */
  bandLabel?: string
}

export interface BarChartOptions extends ChartSize {
  title: string
  series: Series[]
}

const PALETTE = ['#3b5bdb', '#e8590c', '#2b8a3e', '#862e9c', '#c92a2a', '#0b7285']
/** Solid, dashed, dotted, dash-dot, long dash, dot-dot-dash. */
const DASHES = ['none', '8 4', '2 3', '10 3 2 3', '16 4', '2 3 2 3 8 3']
/** Marker outlines on a unit radius; null is a circle. */
const MARKERS: ([number, number][] | null)[] = [
  null,
  [
    [-0.8, -0.8],
    [0.8, -0.8],
    [0.8, 0.8],
    [-0.8, 0.8],
  ], // square
  [
    [0, -1.1],
    [1, 0.75],
    [-1, 0.75],
  ], // triangle
  [
    [0, -1.15],
    [1.15, 0],
    [0, 1.15],
    [-1.15, 0],
  ], // diamond
  [
    [0, 1.1],
    [1, -0.75],
    [-1, -0.75],
  ], // triangle down
  // prettier-ignore
  [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1], [-0.35, 1], [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]], // plus
]
/** White marks over each bar colour in a 6 × 6 tile: solid, stripes, dots, rules, hatch, bars. */
const FILLS: { rotate: boolean; marks: string }[] = [
  { rotate: false, marks: '' },
  { rotate: true, marks: '<rect width="2" height="6"/>' },
  { rotate: false, marks: '<circle cx="3" cy="3" r="1.3"/>' },
  { rotate: false, marks: '<rect width="6" height="2"/>' },
  { rotate: true, marks: '<rect width="2" height="6"/><rect width="6" height="2"/>' },
  { rotate: false, marks: '<rect width="2" height="6"/>' },
]

const INK = '#495057'
const GRID = '#e9ecef'
const AXIS = '#adb5bd'
const ZERO = '#343a40'
const FONT_SIZE = 11
/** Rough advance of one 11px character; only used to reserve room for text. */
const CHAR_WIDTH = 6.5
/** Below this many days every point gets a marker; above, only the ends of each run do. */
const MARKER_EVERY_POINT_DAYS = 12
const EMPTY = 'No data yet'

interface Plot {
  left: number
  top: number
  right: number
  bottom: number
  /** Width of one day on the x axis. */
  slot: number
  days: number
  /** Centre of a day's slot. */
  x(day: number): number
  y(value: number): number
}

interface LegendItem {
  label: string
  /** Drawn in a 24 × 12 box centred on y = 0. */
  swatch: string
}

type Dated<T> = T & { day: number }

/** Cumulative rate (or mean) per variant over days: one line per series. */
export function lineChart(opts: LineChartOptions): string {
  const format = opts.yFormat ?? 'percent'
  const id = chartId('line', opts.title)
  const series = opts.series.map((s) => ({ ...s, points: byDay(s.points) }))
  const values = series.flatMap((s) => s.points.map((p) => p.y).filter(isNumber))
  if (values.length === 0) return emptyChart(id, opts)

  const lasts = series.map((s) => s.points.findLast((p) => isNumber(p.y)))
  const endLabels = series.map((s) => truncate(s.label, 16))
  const { plot, svg } = frame(opts, {
    days: series.flatMap((s) => s.points.map((p) => p.day)),
    values,
    format,
    signed: false,
    legend: series.map((s, i) => ({ label: s.label, swatch: lineSwatch(i) })),
    rightMargin: Math.max(...endLabels.map(textWidth)) + 14,
  })

  for (const [i, s] of series.entries()) svg.push(...line(s.points, plot, i, s.key))
  svg.push(...endLabelsSvg(plot, lasts, endLabels))

  const desc = lastValuesText(
    series.map((s, i) => ({ label: s.label, last: lasts[i] })),
    format,
    false
  )
  return root(id, opts, desc, svg)
}

/** Relative lift vs control over days, its interval shaded, with a zero line. */
export function bandChart(opts: BandChartOptions): string {
  const format = opts.yFormat ?? 'percent'
  const label = opts.label ?? 'Lift'
  const id = chartId('band', opts.title)
  const points = byDay(opts.points)
  const values = points.flatMap((p) => [p.y, p.lower, p.upper]).filter(isNumber)
  if (values.length === 0) return emptyChart(id, opts)

  const { plot, svg } = frame(opts, {
    days: points.map((p) => p.day),
    values,
    format,
    signed: true,
    legend: [
      { label, swatch: lineSwatch(0) },
      {
        label: opts.bandLabel ?? 'Confidence interval',
        swatch: `<rect x="2" y="-6" width="20" height="12" fill="${colour(0)}" fill-opacity="0.18"/>`,
      },
    ],
    rightMargin: 24,
  })

  // A lone interval would be a zero-width polygon; give it a few pixels so it shows.
  const halfWidth = Math.min(4, plot.slot * 0.3)
  for (const run of splitRuns(points, (p) => isNumber(p.lower) && isNumber(p.upper))) {
    const xs =
      run.length === 1
        ? [plot.x(run[0].day) - halfWidth, plot.x(run[0].day) + halfWidth]
        : run.map((p) => plot.x(p.day))
    const bounds = run.length === 1 ? [run[0], run[0]] : run
    const upper = bounds.map((p, j) => `${r(xs[j])},${r(plot.y(p.upper!))}`)
    const lower = bounds.map((p, j) => `${r(xs[j])},${r(plot.y(p.lower!))}`).reverse()
    svg.push(
      `<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${colour(0)}" fill-opacity="0.18"/>`
    )
  }
  // Drawn over the band: whether the interval crosses zero is the point of this chart.
  svg.push(
    `<line class="zero" x1="${r(plot.left)}" x2="${r(plot.right)}" y1="${r(plot.y(0))}" y2="${r(plot.y(0))}" stroke="${ZERO}" stroke-width="1.5"/>`
  )
  svg.push(...line(points, plot, 0, 'lift'))

  const last = points.findLast((p) => isNumber(p.y))
  return root(id, opts, last ? bandText(label, last, format) : `${label}: no data.`, svg)
}

/** "Lift +1.2 % (interval −0.4 % to +2.8 %) on 2026-11-20." */
function bandText(label: string, last: BandPoint, format: YFormat): string {
  const interval =
    isNumber(last.lower) && isNumber(last.upper)
      ? ` (interval ${formatValue(last.lower, format, true)} to ${formatValue(last.upper, format, true)})`
      : ''
  return `${label} ${formatValue(last.y!, format, true)}${interval} on ${last.x}.`
}

/** Daily new subjects per variant: bars grouped by day, one patterned bar per series. */
export function barChart(opts: BarChartOptions): string {
  const id = chartId('bar', opts.title)
  const series = opts.series.map((s) => ({ ...s, points: byDay(s.points) }))
  const values = series.flatMap((s) => s.points.map((p) => p.y).filter(isNumber))
  if (values.length === 0) return emptyChart(id, opts)

  const { plot, svg } = frame(opts, {
    days: series.flatMap((s) => s.points.map((p) => p.day)),
    values,
    format: 'number',
    signed: false,
    legend: series.map((s, i) => ({
      label: s.label,
      swatch: `<rect x="5" y="-6" width="14" height="12" fill="url(#${id}-fill${i % FILLS.length})" stroke="${colour(i)}"/>`,
    })),
    rightMargin: 24,
  })

  // Fills repeat after six series; define each only once.
  const fills = series.slice(0, FILLS.length).map((_, i) => fillPattern(id, i))
  svg.push(`<defs>${fills.join('')}</defs>`)
  const group = plot.slot * 0.8
  const barWidth = group / series.length
  for (const [i, s] of series.entries()) {
    for (const p of s.points) {
      if (!isNumber(p.y)) continue
      const x = plot.x(p.day) - group / 2 + i * barWidth
      const y = Math.min(plot.y(p.y), plot.y(0))
      const height = Math.abs(plot.y(p.y) - plot.y(0))
      svg.push(
        `<rect x="${r(x)}" y="${r(y)}" width="${r(barWidth)}" height="${r(height)}" fill="url(#${id}-fill${i % FILLS.length})" data-series="${esc(s.key)}"/>`
      )
    }
  }

  const desc = lastValuesText(
    series.map((s) => ({ label: s.label, last: s.points.findLast((p) => isNumber(p.y)) })),
    'number',
    false
  )
  return root(id, opts, desc, svg)
}

/**
 * Legend, gridlines and axis labels shared by all charts. The y range always includes 0 (rates
 * and counts start at 0; for lift, 0 is the reference) and ends on nice ticks.
 */
function frame(
  size: ChartSize,
  o: {
    days: number[]
    values: number[]
    format: YFormat
    signed: boolean
    legend: LegendItem[]
    rightMargin: number
  }
): { plot: Plot; svg: string[] } {
  const { width, height } = dimensions(size)
  const { ticks, step } = niceTicks(Math.min(0, ...o.values), Math.max(0, ...o.values), {
    // Whole-number data (counts) gets whole-number ticks.
    minStep: o.format === 'number' && o.values.every(Number.isInteger) ? 1 : 0,
  })
  const tickLabels = ticks.map((t) => formatTick(t, step, o.format, o.signed))
  const left = Math.max(...tickLabels.map(textWidth)) + 14
  const legend = legendSvg(o.legend, left, width)

  const firstDay = Math.min(...o.days)
  const days = Math.max(...o.days) - firstDay + 1
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]]
  const top = legend.height + 16
  const bottom = height - 24
  const right = width - Math.max(24, o.rightMargin)
  const slot = (right - left) / days
  const plot: Plot = {
    left,
    top,
    right,
    bottom,
    slot,
    days,
    x: (day) => left + (day - firstDay + 0.5) * slot,
    y: (value) => bottom - ((value - lo) / (hi - lo)) * (bottom - top),
  }

  const svg = [legend.svg]
  for (const [i, t] of ticks.entries()) {
    const y = r(plot.y(t))
    svg.push(
      `<line x1="${r(left)}" x2="${r(right)}" y1="${y}" y2="${y}" stroke="${t === 0 ? AXIS : GRID}" shape-rendering="crispEdges"/>`,
      `<text class="y-tick" x="${r(left - 6)}" y="${r(y + 4)}" text-anchor="end">${tickLabels[i]}</text>`
    )
  }
  // About 50px per "Nov 30"-sized label keeps neighbours apart.
  const maxLabels = Math.max(1, Math.min(8, Math.floor((right - left) / 50)))
  for (const day of dayTicks(firstDay, firstDay + days - 1, maxLabels)) {
    svg.push(
      `<text class="x-tick" x="${r(plot.x(day))}" y="${r(bottom + 16)}" text-anchor="middle">${dayLabel(day)}</text>`
    )
  }
  return { plot, svg }
}

/** Legend items in rows above the plot, wrapping when a row is full. */
function legendSvg(items: LegendItem[], left: number, width: number) {
  const parts: string[] = []
  let [x, row] = [left, 0]
  for (const item of items) {
    const label = truncate(item.label, 32)
    const itemWidth = 30 + textWidth(label) + 18
    if (x > left && x + itemWidth > width) [x, row] = [left, row + 1]
    parts.push(
      `<g class="legend-item" transform="translate(${r(x)},${12 + row * 16})">${item.swatch}<text x="30" y="4">${esc(label)}</text></g>`
    )
    x += itemWidth
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: 12 + row * 16 }
}

function lineSwatch(index: number): string {
  return (
    `<line x1="0" x2="24" y1="0" y2="0" stroke="${colour(index)}" stroke-width="2" stroke-dasharray="${DASHES[index % DASHES.length]}"/>` +
    marker(index, 12, 0)
  )
}

function marker(index: number, cx: number, cy: number): string {
  const shape = MARKERS[index % MARKERS.length]
  const paint = `fill="${colour(index)}" stroke="#fff" stroke-width="1"`
  if (!shape) return `<circle cx="${r(cx)}" cy="${r(cy)}" r="3.5" ${paint}/>`
  const points = shape.map(([dx, dy]) => `${r(cx + dx * 4)},${r(cy + dy * 4)}`).join(' ')
  return `<polygon points="${points}" ${paint}/>`
}

/**
 * One series' line, broken at missing values, with markers: on every point of short charts,
 * otherwise at the end of each run (which also makes lone points visible).
 */
function line(points: Dated<Point>[], plot: Plot, index: number, key: string): string[] {
  const runs = splitRuns(points, (p) => isNumber(p.y)).map((run) =>
    run.map((p) => [plot.x(p.day), plot.y(p.y!)] as const)
  )
  if (runs.length === 0) return []
  const marked =
    plot.days <= MARKER_EVERY_POINT_DAYS ? runs.flat() : runs.map((run) => run[run.length - 1])
  const d = runs.map((run) => 'M' + run.map(([x, y]) => `${r(x)},${r(y)}`).join('L')).join('')
  return [
    `<path d="${d}" fill="none" stroke="${colour(index)}" stroke-width="2" stroke-dasharray="${DASHES[index % DASHES.length]}" stroke-linejoin="round" data-series="${esc(key)}"/>`,
    ...marked.map(([x, y]) => marker(index, x, y)),
  ]
}

/** Series names next to their last points, nudged apart so close lines keep legible labels. */
function endLabelsSvg(plot: Plot, lasts: (Dated<Point> | undefined)[], labels: string[]) {
  const placed = lasts
    .map((p, i) => p && { x: plot.x(p.day) + 8, y: plot.y(p.y!) + 4, label: labels[i] })
    .filter((p) => p !== undefined)
    .sort((a, b) => a.y - b.y)
  const gap = FONT_SIZE + 1
  for (let i = 1; i < placed.length; i++) placed[i].y = Math.max(placed[i].y, placed[i - 1].y + gap)
  // Pushed past the bottom: shift the stack back up.
  for (let i = placed.length - 1; i >= 0; i--) {
    const limit = i === placed.length - 1 ? plot.bottom + 4 : placed[i + 1].y - gap
    placed[i].y = Math.min(placed[i].y, limit)
  }
  return placed.map(
    (p) => `<text class="end-label" x="${r(p.x)}" y="${r(p.y)}">${esc(p.label)}</text>`
  )
}

function fillPattern(id: string, index: number): string {
  const fill = FILLS[index % FILLS.length]
  const rotate = fill.rotate ? ' patternTransform="rotate(45)"' : ''
  return (
    `<pattern id="${id}-fill${index % FILLS.length}" width="6" height="6" patternUnits="userSpaceOnUse"${rotate}>` +
    `<rect width="6" height="6" fill="${colour(index)}"/><g fill="#fff" fill-opacity="0.55">${fill.marks}</g></pattern>`
  )
}

/** "Control 10.2 %, Treatment 11.4 % on 2026-11-20." — one date when the series agree on it. */
function lastValuesText(
  entries: { label: string; last: Dated<Point> | undefined }[],
  format: YFormat,
  signed: boolean
): string {
  const dates = new Set(entries.map((e) => e.last?.x))
  const shared = dates.size === 1 ? entries[0].last?.x : undefined
  const parts = entries.map(({ label, last }) => {
    if (!last) return `${label}: no data`
    const value = `${label} ${formatValue(last.y!, format, signed)}`
    return shared ? value : `${value} on ${last.x}`
  })
  return `${parts.join(', ')}${shared ? ` on ${shared}` : ''}.`
}

function emptyChart(id: string, opts: ChartSize & { title: string }): string {
  const { width, height } = dimensions(opts)
  return root(id, opts, `${EMPTY}.`, [
    `<text class="empty" x="${r(width / 2)}" y="${r(height / 2)}" text-anchor="middle">${EMPTY}</text>`,
  ])
}

function root(id: string, opts: ChartSize & { title: string }, desc: string, body: string[]) {
  const { width, height } = dimensions(opts)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="inherit" font-size="${FONT_SIZE}" fill="${INK}">`,
    `<title id="${id}-title">${esc(opts.title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n')
}

function dimensions(size: ChartSize) {
  return { width: size.width ?? 640, height: size.height ?? 260 }
}

/** Stable id prefix per chart kind and title, so two charts on a page don't share ids. */
function chartId(kind: string, title: string): string {
  // FNV-1a: short, deterministic, and fine with any characters in the title.
  let hash = 0x811c9dc5
  for (const char of `${kind}:${title}`) {
    hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0
  }
  return `chart-${kind}-${hash.toString(36)}`
}

/** Points with a real date, in date order; non-finite numbers are treated as missing. */
function byDay<T extends Point>(points: T[]): Dated<T>[] {
  return points
    .flatMap((p) => {
      const day = dayNumber(p.x)
      return day === null ? [] : [{ ...p, day }]
    })
    .sort((a, b) => a.day - b.day)
}

/** Runs of consecutive points passing `keep`: a missing value breaks a line, never bridges it. */
function splitRuns<T>(items: T[], keep: (item: T) => boolean): T[][] {
  const runs: T[][] = [[]]
  for (const item of items) {
    if (keep(item)) runs[runs.length - 1].push(item)
    else if (runs[runs.length - 1].length > 0) runs.push([])
  }
  return runs.filter((run) => run.length > 0)
}

function isNumber(value: number | null): value is number {
  return value !== null && Number.isFinite(value)
}

function colour(index: number): string {
  return PALETTE[index % PALETTE.length]
}

function textWidth(text: string): number {
  return text.length * CHAR_WIDTH
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** One decimal is plenty for pixels and keeps the markup short. */
function r(value: number): number {
  return Math.round(value * 10) / 10
}

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )
}
