import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

const allowed = (env.get('CORS_ALLOWED_ORIGINS') ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean)

/**
 * Cross-origin calls are allowed only to the browser-facing endpoints (the routes whose
 * stack has the cors middleware, start/kernel.ts), only from the origins listed in
 * CORS_ALLOWED_ORIGINS ("*" for any), and never with cookies: they authenticate with a
 * bearer client key.
 */
const corsConfig = defineConfig({
  enabled: allowed.length > 0,
  origin: allowed.includes('*') ? true : allowed,
  methods: ['POST', 'OPTIONS'],
  headers: ['authorization', 'content-type', 'if-none-match'],
  exposeHeaders: ['etag', 'retry-after'],
  credentials: false,
  maxAge: 600,
})

export default corsConfig
