import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import env from '#start/env'

/**
 * Outside production, pages load their modules from Vite's dev server (in this process, so
 * 'self'), whose hot-reload client connects to Vite's WebSocket port (VITE_HMR_PORT, as
 * @adonisjs/vite reads it, else Vite's 24678).
 */
const viteHmr = () => {
  const port = process.env.VITE_HMR_PORT || '24678'
  const hosts = new Set([new URL(env.get('APP_URL')).hostname, 'localhost', '127.0.0.1'])
  return [...hosts].map((host) => `ws://${host}:${port}`)
}

const shieldConfig = defineConfig({
  /**
   * Scripts only from this origin, or inline with the page's nonce (`cspNonce` in Edge);
   * no eval: Alpine is its CSP build and htmx gets no `js:` or hx-on code. Style elements
   * need the nonce too; style attributes (progress-bar widths, Alpine's x-show) may stay.
   */
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, '@nonce'],
      styleSrc: [`'self'`, '@nonce'],
      styleSrcAttr: [`'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:'],
      fontSrc: [`'self'`],
      connectSrc: [`'self'`, ...(app.inProduction ? [] : viteHmr())],
      objectSrc: [`'none'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
      frameAncestors: [`'none'`],
    },
    reportOnly: false,
  },
  // Shield runs in the web stack only (start/kernel.ts): the JSON API never reads cookies.
  csrf: {
    enabled: true,
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: {
    enabled: true,
    action: 'DENY',
  },
  hsts: {
    enabled: app.inProduction,
    maxAge: '180 days',
  },
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
