import { generator } from '#tests/helpers/random'

/**
 * Path segments, already percent-encoded: NUL, ids that are not integers or overflow
 * PostgreSQL's integer, over-long slugs, invalid UTF-8 (an encoded lone surrogate),
 * traversal, quotes.
 */
const PATH_VALUES = [
  '%00',
  'a%00b',
  '0',
  '-1',
  '1.5',
  '1e3',
  'abc',
  '2147483648',
  '99999999999999999999999',
  'a'.repeat(300),
  '%ED%A0%80',
  '%F0%9F%92%A9',
  '%25',
  '..%2F..%2Fetc%2Fpasswd',
  "'%20OR%201%3D1--",
  'null',
  '%20',
]

/** String values that have broken apps before (NUL, lone surrogates, huge, markup, SQL). */
const HOSTILE_STRINGS = [
  '\u0000',
  'abc\u0000def',
  '\ud800',
  'x\udfffy',
  'A'.repeat(70_000),
  '😀'.repeat(2_000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '2026-13-45T99:99:99Z',
  'not-an-email@',
  'a@b',
  ' ',
  '',
  '-1',
  '2147483648',
  '1e400',
  'NaN',
  'true',
  '{"nested":true}',
]

const HOSTILE_NUMBERS = [0, -1, 1.5, 2 ** 31, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308]

const FIELD_NAMES = [
  'email', 'name', 'fullName', 'title', 'description', 'subject', 'body', 'message',
  'status', 'priority', 'role', 'question', 'answer', 'slug', 'key', 'channel', 'uid',
  'abilities', 'variants', 'events', 'event', 'subjectId', 'experimentKey', 'flagKey',
  'context', 'targetingKey', 'attributes', 'properties', 'value', 'tags', 'categoryId',
  'kind', 'reason', 'password', 'token', 'number', 'rating', 'comment', 'articleId',
  'query', 'q', 'destination', 'landingUrl', 'url', 'weight', 'trafficAllocation',
  'primaryMetric', 'enabled', 'expiresInDays', 'ids', 'action', 'assigneeId', 'tag',
  'timestamp', 'page', 'perPage', 'sort', 'from', 'to', 'period', 'loop', 'helpful',
  'defaultValue', 'rules', 'targetingRules', 'metrics', 'hypothesis', 'loopKey',
] // prettier-ignore

/** A seeded source of hostile requests: the same stream on every run. */
export function hostileInputs(seed: number) {
  const random = generator(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]

  const scalar = (): unknown => {
    const roll = random()
    if (roll < 0.55) return pick(HOSTILE_STRINGS)
    if (roll < 0.75) return pick(HOSTILE_NUMBERS)
    if (roll < 0.85) return pick([true, false, null])
    return random() < 0.5
      ? [pick(HOSTILE_STRINGS), pick(HOSTILE_NUMBERS)]
      : { [pick(FIELD_NAMES)]: pick(HOSTILE_STRINGS) }
  }

  const record = () =>
    Object.fromEntries(
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => [pick(FIELD_NAMES), scalar()])
    )

  const nested = (depth: number): unknown => (depth === 0 ? 'deep' : { a: [nested(depth - 1)] })

  return {
    pathValue: () => pick(PATH_VALUES),

    /** A query string, raw: repeated keys, bracketed objects, hostile values. */
    query(): string {
      const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const key = pick(FIELD_NAMES)
        const text = String(pick(HOSTILE_STRINGS)).slice(0, 300)
        // encodeURIComponent refuses lone surrogates: send one as the bytes a client would.
        const value = text.isWellFormed() ? encodeURIComponent(text) : '%ED%A0%80'
        const shape = random()
        if (shape < 0.6) return `${key}=${value}`
        if (shape < 0.8) return `${key}[]=${value}&${key}[]=${value}`
        return `${key}[x]=${value}`
      })
      if (random() < 0.2) parts.push(`q=${pick(['%00', '%ED%A0%80', '%FF', '%'])}`)
      return parts.join('&')
    },

    /** A body: JSON of the wrong shapes, malformed JSON, forms, wrong content types. */
    body(): { type: string; payload: string | object } {
      const roll = random()
      if (roll < 0.45) return { type: 'json', payload: record() }
      if (roll < 0.55) return { type: 'json', payload: [record(), scalar()] }
      if (roll < 0.6) return { type: 'json', payload: { data: nested(400) } }
      if (roll < 0.68) {
        return {
          type: 'raw-json',
          payload: pick([
            '{"a":',
            '{"email":"\\u0000"}',
            '[[[[[',
            'null',
            '"\\ud800"',
            '{"a":1}}',
            '['.repeat(20_000),
          ]),
        }
      }
      if (roll < 0.85) {
        const form = record()
        for (const key of Object.keys(form)) {
          if (typeof form[key] === 'object' && form[key] !== null)
            form[key] = String(pick(HOSTILE_STRINGS))
        }
        return { type: 'form', payload: form }
      }
      if (roll < 0.93) return { type: 'text/plain', payload: JSON.stringify(record()) }
      if (roll < 0.97)
        return { type: 'application/xml', payload: '<?xml version="1.0"?><a>&xxe;</a>' }
      return { type: 'json', payload: { blob: 'x'.repeat(2_500_000) } }
    },

    /** A client address behind the trusted proxy, new each time (rate limits stay out of the way). */
    address: () =>
      `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,

    chance: (p: number) => random() < p,
    pick,
  }
}

export type HostileInputs = ReturnType<typeof hostileInputs>
