import type { HttpContext } from '@adonisjs/core/http'

/**
 * Mail HTML shown inside the app (log preview, outbox): sent as an iframe document under
 * a CSP sandbox, so nothing in a message can run script or reach the app's cookies.
 */
export function sendSandboxedHtml(
  response: HttpContext['response'],
  html: string,
  { sameOrigin = false } = {}
) {
  // `sameOrigin`: the frame's images are the app's own authorised routes, which need the
  // session cookie (a sandbox's opaque origin is cross-site, so the browser would not send
  // it). Still no script, form or plugin runs in the frame.
  response.header(
    'Content-Security-Policy',
    `sandbox${sameOrigin ? ' allow-same-origin' : ''}; default-src 'none'; img-src * data:; style-src 'unsafe-inline'`
  )
  response.header('X-Frame-Options', 'SAMEORIGIN')
  response.header('Content-Type', 'text/html; charset=utf-8')
  return response.send(html)
}

/**
 * Puts a mail's inline images (`<img src="cid:…">`) in place: each Content-ID the mail
 * kept as a file becomes that file's address; an unknown one stays (and shows nothing).
 */
export function placeInlineImages(html: string, urlsByContentId: Map<string, string>) {
  return html.replace(
    /(<img\b[^>]*?\ssrc=")cid:([^"]*)"/gi,
    (whole, start: string, cid: string) => {
      const url = urlsByContentId.get(contentIdKey(cid))
      return url ? `${start}${url.replace(/&/g, '&amp;')}"` : whole
    }
  )
}

/** Content-IDs compare without <>, percent-encoding (RFC 2392) or case. */
export function contentIdKey(cid: string) {
  let text = cid.replace(/&amp;/g, '&')
  try {
    text = decodeURIComponent(text)
  } catch {
    // kept as written
  }
  return text.replace(/^<|>$/g, '').toLowerCase()
}
