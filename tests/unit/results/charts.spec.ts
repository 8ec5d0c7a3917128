import { test } from '@japa/runner'
import { barChart, bandChart, lineChart, type Series } from '#presenters/charts'
import { niceTicks } from '#presenters/chart_scales'

/** Consecutive ISO dates from start. */
function days(count: number, start = '2026-11-01'): string[] {
  const first = Date.parse(`${start}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) =>
    new Date(first + i * 86_400_000).toISOString().slice(0, 10)
  )
}

function series(key: string, values: (number | null)[], start?: string): Series {
  const dates = days(values.length, start)
  return { key, label: key, points: values.map((y, i) => ({ x: dates[i], y })) }
}

/** Opening tags of one element type. */
function tags(svg: string, name: string): string[] {
  return [...svg.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0])
}

function attr(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1]
}

function texts(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>([^<]*)</text>`, 'g'))].map(
    (m) => m[1]
  )
}

/** "−2.5 %", "+10 %", "1,500" → number (percent labels stay in percent units). */
function tickValue(label: string): number {
  return Number(label.replace(/ %$/, '').replace('\u2212', '-').replace(/[+,]/g, ''))
}

function isNiceStep(step: number): boolean {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
  return [1, 2, 2.5, 5].some((nice) => Math.abs(mantissa - nice) < 1e-6)
}

function assertNiceTicks(assert: { isTrue(v: boolean, m?: string): void }, labels: string[]) {
  const values = labels.map(tickValue)
  assert.isTrue(values.length >= 4 && values.length <= 6, `4–6 ticks: ${labels}`)
  assert.isTrue(values.includes(0), `0 among ticks: ${labels}`)
  const step = values[1] - values[0]
  assert.isTrue(isNiceStep(step), `nice step: ${labels}`)
  for (let i = 1; i < values.length; i++) {
    assert.isTrue(Math.abs(values[i] - values[i - 1] - step) < step * 1e-6, `even: ${labels}`)
  }
}

test.group('Charts / line', () => {
  const twoVariants = () =>
    lineChart({
      title: 'Conversion rate',
      series: [
        { ...series('control', [0.1, 0.101, 0.102]), label: 'Control' },
        { ...series('treatment', [0.11, 0.112, 0.114]), label: 'Treatment' },
      ],
    })

  test('renders a responsive SVG image labelled by its title and description', ({ assert }) => {
    const svg = twoVariants()
    const root = tags(svg, 'svg')[0]
    assert.match(svg, /^<svg /)
    assert.match(svg, /<\/svg>$/)
    assert.equal(attr(root, 'viewBox'), '0 0 640 260')
    assert.equal(attr(root, 'width'), '100%')
    assert.equal(attr(root, 'role'), 'img')
    assert.equal(attr(root, 'font-family'), 'inherit')
    const [titleId, descId] = attr(root, 'aria-labelledby')!.split(' ')
    assert.include(svg, `<title id="${titleId}">Conversion rate</title>`)
    assert.include(svg, `<desc id="${descId}">`)
    assert.notMatch(svg, /NaN|Infinity|undefined/)
  })

  test('states the last value of every series in the description', ({ assert }) => {
    assert.match(twoVariants(), />Control 10.2 %, Treatment 11.4 % on 2026-11-03\.<\/desc>/)
  })

  test('escapes titles and labels', ({ assert }) => {
    const svg = lineChart({
      title: '<script>alert("x")</script>',
      series: [{ ...series('a"b', [0.1, 0.2]), label: `<script>Tom's & co</script>` }],
    })
    assert.notInclude(svg, '<script>')
    assert.include(svg, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    assert.include(svg, '&lt;script&gt;Tom&#39;s &amp; co&lt;/script&gt;')
    assert.include(svg, 'data-series="a&quot;b"')
  })

  test('draws one path per series, each with its own dash pattern and marker', ({ assert }) => {
    const svg = lineChart({
      title: 'Three',
      series: ['a', 'b', 'c'].map((key, i) => series(key, [0.1 + i / 100, 0.2, 0.3])),
    })
    const paths = tags(svg, 'path')
    assert.deepEqual(
      paths.map((p) => attr(p, 'data-series')),
      ['a', 'b', 'c']
    )
    const dashes = paths.map((p) => attr(p, 'stroke-dasharray'))
    assert.equal(new Set(dashes).size, 3)

    // The legend repeats each dash and a marker of a different shape.
    const legend = svg.match(/<g class="legend">.*?<\/g><\/g>/)![0]
    const items = legend.split('<g class="legend-item"').slice(1)
    assert.lengthOf(items, 3)
    assert.deepEqual(
      items.map((item) => attr(tags(item, 'line')[0], 'stroke-dasharray')),
      dashes
    )
    const shapes = items.map((item) =>
      item.includes('<circle') ? 'circle' : attr(tags(item, 'polygon')[0], 'points')
    )
    assert.equal(new Set(shapes).size, 3)
  })

  test('labels each line at its end', ({ assert }) => {
    const svg = lineChart({
      title: 'Ends',
      series: [
        { ...series('a', [0.1, 0.2]), label: 'Control' },
        { ...series('b', [0.1, 0.2]), label: 'Treatment' },
      ],
    })
    const labels = tags(svg, 'text').filter((t) => attr(t, 'class') === 'end-label')
    assert.deepEqual(texts(svg, 'end-label').sort(), ['Control', 'Treatment'])
    // Equal end values: the labels are nudged apart instead of overprinting.
    const [y1, y2] = labels.map((t) => Number(attr(t, 'y')))
    assert.isAtLeast(Math.abs(y1 - y2), 11)
  })

  test('breaks the line at null values instead of bridging them', ({ assert }) => {
    const svg = lineChart({ title: 'Gap', series: [series('a', [0.1, 0.2, null, 0.3, 0.4])] })
    const d = attr(tags(svg, 'path')[0], 'd')!
    assert.equal(d.match(/M/g)!.length, 2)
    assert.equal(d.match(/L/g)!.length, 2)
  })

  test('y axis starts at 0 with 4–6 nice ticks', ({ assert }) => {
    for (const values of [
      [0.1, 0.123],
      [0.5, 0.97],
      [0.0001, 0.00023],
      [3, 7.1],
      [1234, 98_765],
    ]) {
      const svg = lineChart({
        title: 'Ticks',
        yFormat: values[0] >= 1 ? 'number' : 'percent',
        series: [series('a', values)],
      })
      const labels = texts(svg, 'y-tick')
      assertNiceTicks(assert, labels)
      assert.equal(tickValue(labels[0]), 0)
      assert.isAtLeast(tickValue(labels.at(-1)!), values[1] * (values[0] >= 1 ? 1 : 100))
    }
  })

  test('formats tiny and huge values with sensible decimals', ({ assert }) => {
    const tiny = lineChart({ title: 'Tiny', series: [series('a', [0.0001, 0.00012])] })
    assert.include(tiny, 'a 0.012 % on 2026-11-02.')
    assert.include(texts(tiny, 'y-tick'), '0.0050 %')
    const huge = lineChart({
      title: 'Huge',
      yFormat: 'number',
      series: [series('a', [1_000_000, 2_345_678])],
    })
    assert.include(huge, 'a 2,345,678 on 2026-11-02.')
    assert.include(texts(huge, 'y-tick'), '2,500,000')
  })

  test('shows "No data yet" for no series, empty series and all-null values', ({ assert }) => {
    for (const input of [[], [series('a', [])], [series('a', [null, null]), series('b', [null])]]) {
      const svg = lineChart({ title: 'Empty', series: input })
      assert.equal(texts(svg, 'empty')[0], 'No data yet')
      assert.include(svg, '<desc id="chart-line-')
      assert.lengthOf(tags(svg, 'path'), 0)
      assert.equal(attr(tags(svg, 'svg')[0], 'role'), 'img')
    }
  })

  test('draws a single point as a visible marker', ({ assert }) => {
    const svg = lineChart({ title: 'One', series: [series('a', [0.5])] })
    assert.notMatch(svg, /NaN|Infinity/)
    assert.lengthOf(tags(svg, 'path'), 1)
    // One marker on the line plus the one in the legend.
    assert.lengthOf(tags(svg, 'circle'), 2)
    assert.deepEqual(texts(svg, 'x-tick'), ['Nov 1'])
  })

  test('gives flat lines a usable range', ({ assert }) => {
    for (const [yFormat, value] of [
      ['percent', 0],
      ['percent', 0.1],
      ['number', 0],
      ['number', 0.25],
    ] as const) {
      const svg = lineChart({ title: 'Flat', yFormat, series: [series('a', [value, value])] })
      assert.notMatch(svg, /NaN|Infinity/)
      assertNiceTicks(assert, texts(svg, 'y-tick'))
      const ys = [...attr(tags(svg, 'path')[0], 'd')!.matchAll(/,([\d.]+)/g)].map((m) => m[1])
      assert.equal(new Set(ys).size, 1)
    }
  })

  test('thins date labels to at most 8 and always labels the last day', ({ assert }) => {
    const svg = lineChart({
      title: 'Long',
      series: [
        series(
          'a',
          Array.from({ length: 60 }, (_, i) => i / 100)
        ),
      ],
    })
    const labels = texts(svg, 'x-tick')
    assert.isAtMost(labels.length, 8)
    assert.isAtLeast(labels.length, 3)
    assert.equal(labels.at(-1), 'Dec 30')
    for (const label of labels) assert.match(label, /^[A-Z][a-z]{2} \d{1,2}$/)
    const xs = tags(svg, 'text')
      .filter((t) => attr(t, 'class') === 'x-tick')
      .map((t) => Number(attr(t, 'x')))
    for (let i = 1; i < xs.length; i++) assert.isAbove(xs[i] - xs[i - 1], 45)
  })

  test('skips points whose x is not a date', ({ assert }) => {
    const svg = lineChart({
      title: 'Dates',
      series: [
        {
          key: 'a',
          label: 'A',
          points: [
            { x: '2026-11-01', y: 0.1 },
            { x: '2026-02-30', y: 0.9 },
            { x: 'yesterday', y: 0.9 },
            { x: '2026-11-02', y: 0.2 },
          ],
        },
      ],
    })
    assert.deepEqual(texts(svg, 'x-tick'), ['Nov 1', 'Nov 2'])
    assert.include(svg, 'A 20.0 % on 2026-11-02.')
  })

  test('is deterministic, with ids that differ between charts', ({ assert }) => {
    assert.equal(twoVariants(), twoVariants())
    const other = lineChart({ title: 'Other', series: [series('a', [0.1])] })
    const idOf = (svg: string) => attr(tags(svg, 'title')[0], 'id')
    assert.notEqual(idOf(twoVariants()), idOf(other))
  })
})

test.group('Charts / band', () => {
  const points = (rows: [number | null, number | null, number | null][]) => {
    const dates = days(rows.length)
    return rows.map(([y, lower, upper], i) => ({ x: dates[i], y, lower, upper }))
  }

  test('shades the interval under the line and draws a zero line', ({ assert }) => {
    const svg = bandChart({
      title: 'Lift',
      points: points([
        [0.04, -0.02, 0.1],
        [0.05, -0.01, 0.11],
      ]),
    })
    assert.lengthOf(
      tags(svg, 'polygon').filter((p) => attr(p, 'class') === 'band'),
      1
    )
    const zero = tags(svg, 'line').find((l) => attr(l, 'class') === 'zero')!
    assert.exists(zero)
    assert.equal(attr(zero, 'y1'), attr(zero, 'y2'))
    assert.lengthOf(tags(svg, 'path'), 1)
    assert.isBelow(svg.indexOf('class="band"'), svg.indexOf('class="zero"'))
  })

  test('describes the last lift and its interval', ({ assert }) => {
    const svg = bandChart({
      title: 'Lift',
      label: 'Treatment vs Control',
      points: points([
        [0.02, -0.03, 0.07],
        [0.05, -0.01, 0.11],
      ]),
    })
    assert.include(svg, 'Treatment vs Control +5.0 % (interval −1.0 % to +11.0 %) on 2026-11-02.')
  })

  test('y range includes 0 and every band value, negative ones too', ({ assert }) => {
    const positive = bandChart({ title: 'Up', points: points([[0.3, 0.2, 0.42]]) })
    const labels = texts(positive, 'y-tick').map(tickValue)
    assert.equal(labels[0], 0)
    assert.isAtLeast(labels.at(-1)!, 42)
    assertNiceTicks(assert, texts(positive, 'y-tick'))

    const negative = bandChart({
      title: 'Down',
      points: points([
        [-0.1, -0.35, 0.05],
        [-0.2, -0.3, -0.1],
      ]),
    })
    const ticks = texts(negative, 'y-tick')
    assertNiceTicks(assert, ticks)
    assert.isAtMost(tickValue(ticks[0]), -35)
    assert.isAtLeast(tickValue(ticks.at(-1)!), 5)
    assert.include(ticks, '\u221240 %')
  })

  test('breaks band and line at missing values', ({ assert }) => {
    const svg = bandChart({
      title: 'Gaps',
      points: points([
        [0.01, -0.05, 0.07],
        [0.02, -0.04, 0.08],
        [null, null, null],
        [0.03, -0.01, 0.07],
      ]),
    })
    const bands = tags(svg, 'polygon').filter((p) => attr(p, 'class') === 'band')
    assert.lengthOf(bands, 2)
    // The lone last interval still has width.
    const xs = new Set(
      attr(bands[1], 'points')!
        .split(' ')
        .map((p) => p.split(',')[0])
    )
    assert.equal(xs.size, 2)
    assert.equal(attr(tags(svg, 'path')[0], 'd')!.match(/M/g)!.length, 2)
  })

  test('shows "No data yet" without values', ({ assert }) => {
    for (const input of [[], points([[null, null, null]])]) {
      const svg = bandChart({ title: 'Lift', points: input })
      assert.deepEqual(texts(svg, 'empty'), ['No data yet'])
      assert.lengthOf(tags(svg, 'polygon'), 0)
    }
  })
})

test.group('Charts / bar', () => {
  const threeVariants = (count: number) =>
    barChart({
      title: 'New subjects',
      series: ['a', 'b', 'c'].map((key, s) =>
        series(
          key,
          Array.from({ length: count }, (_, i) => 10 + ((i * 7 + s * 3) % 20))
        )
      ),
    })
  const bars = (svg: string) => tags(svg, 'rect').filter((r) => attr(r, 'data-series'))

  test('draws one bar per series and day', ({ assert }) => {
    assert.lengthOf(bars(threeVariants(5)), 15)
    assert.lengthOf(bars(threeVariants(60)), 180)
    const partial = barChart({
      title: 'Partial',
      series: [series('a', [1, 2, 3]), series('b', [null, 2, 3])],
    })
    assert.lengthOf(bars(partial), 5)
  })

  test('gives each series its own fill pattern, repeated in the legend', ({ assert }) => {
    const svg = threeVariants(3)
    const ids = tags(svg, 'pattern').map((p) => attr(p, 'id')!)
    assert.lengthOf(new Set(ids), 3)
    const fillOf = (key: string) =>
      new Set(
        bars(svg)
          .filter((b) => attr(b, 'data-series') === key)
          .map((b) => attr(b, 'fill'))
      )
    assert.deepEqual(
      ['a', 'b', 'c'].map((key) => [...fillOf(key)]),
      ids.map((id) => [`url(#${id})`])
    )
    const legend = svg.match(/<g class="legend">.*?<\/g><\/g>/)![0]
    for (const id of ids) assert.include(legend, `url(#${id})`)
  })

  test('bars start at 0 on whole-number ticks, heights proportional', ({ assert }) => {
    const svg = barChart({ title: 'Counts', series: [series('a', [50, 100, 3])] })
    const labels = texts(svg, 'y-tick')
    assertNiceTicks(assert, labels)
    assert.equal(tickValue(labels[0]), 0)
    for (const label of labels) assert.isTrue(Number.isInteger(tickValue(label)), label)
    assertNiceTicks(
      assert,
      texts(barChart({ title: 'Zeros', series: [series('a', [0, 0])] }), 'y-tick')
    )
    const [h50, h100] = bars(svg).map((b) => Number(attr(b, 'height')))
    assert.closeTo(h100 / h50, 2, 0.01)
    const bottoms = bars(svg).map((b) => Number(attr(b, 'y')) + Number(attr(b, 'height')))
    assert.closeTo(bottoms[0], bottoms[2], 0.15)
  })

  test('prefixes pattern ids per chart', ({ assert }) => {
    const first = tags(threeVariants(2), 'pattern').map((p) => attr(p, 'id')!)
    const other = barChart({ title: 'Other', series: [series('a', [1])] })
    const second = tags(other, 'pattern').map((p) => attr(p, 'id')!)
    assert.lengthOf(second, 1)
    assert.notInclude(first, second[0])
    assert.isTrue([...first, ...second].every((id) => id.startsWith('chart-bar-')))
  })

  test('thins date labels over 60 days and stays deterministic', ({ assert }) => {
    assert.isAtMost(texts(threeVariants(60), 'x-tick').length, 8)
    assert.equal(threeVariants(60), threeVariants(60))
  })

  test('shows "No data yet" without series', ({ assert }) => {
    const svg = barChart({ title: 'Empty', series: [] })
    assert.deepEqual(texts(svg, 'empty'), ['No data yet'])
    assert.lengthOf(bars(svg), 0)
  })

  test('describes the last day per series', ({ assert }) => {
    const svg = barChart({
      title: 'New',
      series: [
        { ...series('c', [120, 130]), label: 'Control' },
        { ...series('t', [118, 1234]), label: 'Treatment' },
      ],
    })
    assert.include(svg, '>Control 130, Treatment 1,234 on 2026-11-02.</desc>')
  })
})

test.group('Charts / scales', () => {
  test('nice ticks cover the range with 4–6 ticks on 1, 2, 2.5 or 5 × 10^k', ({ assert }) => {
    for (let exponent = -6; exponent <= 6; exponent++) {
      for (const hi of [0.7, 1, 1.01, 1.3, 2.49, 3, 4.99, 6.2, 9.9]) {
        for (const lo of [0, -0.4 * hi]) {
          const max = hi * 10 ** exponent
          const min = lo * 10 ** exponent
          const { ticks, step } = niceTicks(min, max)
          assert.isTrue(ticks.length >= 4 && ticks.length <= 6, `${min}..${max}: ${ticks}`)
          assert.isTrue(isNiceStep(step), `${min}..${max}: step ${step}`)
          // Ticks are rounded to 12 digits, so allow for float noise in min and max.
          assert.isAtMost(ticks[0], min + 1e-9 * max)
          assert.isAtLeast(ticks.at(-1)!, max - 1e-9 * max)
          assert.include(ticks, 0)
        }
      }
    }
  })
})
