import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  csp: {
    enabled: false,
    directives: {},
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // The JSON API authenticates with bearer tokens, never cookies, so CSRF does not apply.
    // One-click unsubscribe (RFC 8058) is a POST from the mail provider, with no session.
    exceptRoutes: (ctx) =>
      ctx.request.url().startsWith('/api/') ||
      ctx.request.url().startsWith('/ofrep/') ||
      /^\/preferences\/[\w.-]+\/unsubscribe$/.test(ctx.request.url()),
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
