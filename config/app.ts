import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'
import env from '#start/env'

const trustedProxies = env.get('TRUSTED_PROXIES')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  // X-Forwarded-For is only believed from the configured proxies: every per-address limit
  // keys on request.ip(), which a client could otherwise choose (docs/operations.md).
  trustProxy: trustedProxies.length > 0 ? proxyAddr.compile(trustedProxies) : false,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
