import { inject } from '@adonisjs/core'
import { Exception } from '@adonisjs/core/exceptions'
import string from '@adonisjs/core/helpers/string'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { safeParse } from '@poppinss/utils/json'
import bodyParserConfig from '#config/bodyparser'

const METHODS = new Set(bodyParserConfig.allowedMethods)
const LIMIT = string.bytes.parse(bodyParserConfig.json.limit ?? '1mb') ?? 0
/** What the framework's parser accepts as JSON: an object or an array (strict mode). */
const OBJECT_OR_ARRAY = /^[ \t\n\r]*[[{]/
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset=utf-?8)?$/i
/**
 * What the framework's reviver does to every string value: trims it and turns "" into null
 * (both on by default in `defineConfig`), or either one.
 */
const { trimWhitespaces: TRIM, convertEmptyStringsToNull: TO_NULL } = bodyParserConfig.json
const normalize =
  TRIM || TO_NULL
    ? (text: string) => {
        const value = TRIM ? text.trim() : text
        return TO_NULL && value === '' ? null : value
      }
    : null

/**
 * The body parser of the JSON API stacks (start/kernel.ts). The framework's parser costs a
 * small API call about a tenth of its CPU (bench/README.md): it matches the content type
 * against every parser's list (type-is), reads through raw-body and iconv, and parses with
 * a reviver that trims strings and turns empty ones into null, called for every value.
 *
 * The common request, `application/json` in UTF-8 with a Content-Length and no
 * Content-Encoding, is read here with the same results: the same 1 MB limit (413), 400 on
 * unparsable JSON or an aborted body, 422 on JSON that is not an
 * object or array, prototype poisoning removed (`safeParse`), string values trimmed and
 * empty ones null (as config/bodyparser.ts asks).
 * Everything else (forms, multipart, text/plain beacons, compressed or chunked bodies,
 * oversized ones) goes to the framework's parser.
 */
@inject()
export default class JsonBodyMiddleware {
  constructor(private parser: BodyParserMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    if (!isPlainBody(request, PLAIN_JSON, LIMIT)) return this.parser.handle(ctx, next)
    const raw = await readUtf8(request.request)
    if (!OBJECT_OR_ARRAY.test(raw)) {
      throw new Exception('Invalid JSON, only supports object and array', { status: 422 })
    }
    let parsed: Record<string, any>
    try {
      parsed = parse(raw)
    } catch (error) {
      throw Object.assign(error as Error, { status: 400, body: raw })
    }
    ;(request as any)['__raw_files'] = {}
    // What setInitialBody does, but `request.original()` (read by session flashes of forms,
    // never by the API) is parsed again from the text when asked instead of deep-cloning
    // every body up front (≈ 2 % of a small API call's CPU).
    request.updateBody(parsed)
    let original: Record<string, any> | undefined
    request.original = () => (original ??= Object.freeze({ ...parse(raw), ...request.qs() }))
    request.updateRawBody(raw)
    request.bodyType = 'json'
    return next()
  }
}

/** The body's JSON with prototype poisoning removed and strings normalized. */
function parse(raw: string) {
  const parsed = safeParse(raw)
  if (normalize) normalizeStrings(parsed, normalize)
  return parsed
}

/**
 * Whether a request's body can be read whole here: a method that carries one, the content
 * type `type`, a Content-Length up to `limit`, neither chunked nor compressed.
 */
export function isPlainBody(request: HttpContext['request'], type: RegExp, limit: number) {
  const headers = request.request.headers
  const length = Number(headers['content-length'])
  const encoding = headers['content-encoding']
  return (
    METHODS.has(request.method()) &&
    type.test(headers['content-type'] ?? '') &&
    length > 0 &&
    length <= limit &&
    !headers['transfer-encoding'] &&
    (!encoding || encoding === 'identity')
  )
}

/**
 * The body as text without a byte order mark (as iconv gives it). Node's HTTP parser hands
 * over exactly Content-Length bytes, or the request emits `aborted` or `error`.
 */
export function readUtf8(stream: HttpContext['request']['request']) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    const onData = (chunk: Buffer) => chunks.push(chunk)
    const onEnd = () => {
      cleanup()
      const text = Buffer.concat(chunks).toString('utf8')
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    }
    const onAborted = () =>
      onError(new Exception('request aborted', { status: 400, code: 'E_REQUEST_ABORTED' }))
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    function cleanup() {
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('aborted', onAborted)
      stream.off('error', onError)
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('aborted', onAborted)
    stream.on('error', onError)
  })
}

/**
 * The reviver of the framework's parser, applied after parsing: every string value in the
 * body normalized, except that of a property named "" (the reviver takes that key for the
 * root and leaves its value alone; an object or array there is still walked).
 */
function normalizeStrings(container: object, normalizer: (text: string) => string | null) {
  const record = container as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (typeof value === 'string') {
      if (key !== '') record[key] = normalizer(value)
    } else if (value !== null && typeof value === 'object') normalizeStrings(value, normalizer)
  }
}
