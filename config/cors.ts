import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

/** The endpoints host pages call from the browser with a client key (and OFREP). */
const BROWSER_ENDPOINTS =
  /^\/(api\/experiments\/(assignments|exposures|track(\/batch)?|feature-flag)|ofrep\/)/

const allowed = (env.get('CORS_ALLOWED_ORIGINS') ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean)

/**
 * Cross-origin calls are allowed only to the browser-facing endpoints, only from the
 * origins listed in CORS_ALLOWED_ORIGINS ("*" for any), and never with cookies: they
 * authenticate with a bearer client key.
 */
const corsConfig = defineConfig({
  enabled: (ctx) => allowed.length > 0 && BROWSER_ENDPOINTS.test(ctx.request.url()),
  origin: allowed.includes('*') ? true : allowed,
  methods: ['POST', 'OPTIONS'],
  headers: ['authorization', 'content-type', 'if-none-match'],
  exposeHeaders: ['etag', 'retry-after'],
  credentials: false,
  maxAge: 600,
})

export default corsConfig
