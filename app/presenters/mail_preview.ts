import type { HttpContext } from '@adonisjs/core/http'

/**
 * Mail HTML shown inside the app (log preview, outbox): sent as an iframe document under
 * a CSP sandbox, so nothing in a message can run script or reach the app's cookies.
 */
export function sendSandboxedHtml(response: HttpContext['response'], html: string) {
  response.header(
    'Content-Security-Policy',
    "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
  )
  response.header('X-Frame-Options', 'SAMEORIGIN')
  response.header('Content-Type', 'text/html; charset=utf-8')
  return response.send(html)
}
