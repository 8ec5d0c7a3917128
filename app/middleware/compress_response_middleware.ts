import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Smaller answers (redirects, short fragments) gain less than the headers cost. */
const MIN_BYTES = 1024

/**
 * Brotli at quality 4 is about as fast as gzip at its default level and a little smaller;
 * brotli's default (11) takes tens of milliseconds for a page.
 */
const ENCODERS = {
  br: (body: string) =>
    promisify(brotliCompress)(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  gzip: (body: string) => promisify(gzip)(body),
}

type Encoding = keyof typeof ENCODERS

/**
 * Compresses the pages and htmx fragments of the web stack when the browser accepts it
 * (brotli, else gzip). It looks only at bodies held as text: streams (the Transmit event
 * stream, downloads) are never buffered here. The zlib work runs on libuv's thread pool,
 * so other requests are served meanwhile.
 */
export default class CompressResponseMiddleware {
  async handle({ request, response }: HttpContext, next: NextFn) {
    await next()
    const body = response.getBody()
    if (typeof body !== 'string' || body.length < MIN_BYTES) return
    if (response.getHeader('Content-Encoding')) return

    response.append('Vary', 'Accept-Encoding')
    const encoding = acceptedEncoding(request.header('accept-encoding'))
    if (!encoding) return

    // A Buffer body would otherwise be sent as application/octet-stream.
    if (!response.getHeader('Content-Type')) {
      response.header(
        'Content-Type',
        body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8'
      )
    }
    response.header('Content-Encoding', encoding)
    response.send(await ENCODERS[encoding](body))
  }
}

/** The first of brotli and gzip the request accepts (a `q=0` refuses it). */
function acceptedEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined
  const accepted = new Set<string>()
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param))
    if (!refused) accepted.add(name.trim())
  }
  return (['br', 'gzip'] as const).find((name) => accepted.has(name))
}
