/*
|--------------------------------------------------------------------------
| HTTP kernel
|--------------------------------------------------------------------------
|
| Server middleware runs on every request (even unmatched ones), so it reads no
| body, session or cookie. Everything else is route middleware, composed below
| into the stacks that route groups apply in start/routes.ts.
|
| The container makes a middleware class anew for every request that runs it (a
| few µs each: bench/README.md). So there is one server middleware, and the
| middleware of the JSON API, which answers the most requests, is made once.
| Nothing injects the request's HttpContext or logger from the container (the
| starter kit's container bindings middleware): use `ctx` and `ctx.logger`.
|
*/
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'
import type { HttpContext } from '@adonisjs/core/http'
import type { MiddlewareFn, NextFn, ParsedNamedMiddleware } from '@adonisjs/core/types/http'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/request_basics_middleware'),
  // Relays requests to the Vite dev server; production has none, and the middleware would
  // only cost every request its resolution from the container.
  ...(app.inProduction ? [] : [() => import('@adonisjs/vite/vite_middleware')]),
])

type Handle = (ctx: HttpContext, next: NextFn, options?: any) => unknown

/** Running under hot-hook (`node ace serve --hmr`). */
const HOT = 'hot' in import.meta

/**
 * A middleware class whose instance keeps no state between requests, made by the
 * container on first use and then called directly: the router calls function middleware
 * as they are, where it resolves a named one from the container on every request. Takes
 * the middleware's options like a named one (`apiAuth({ ability })`).
 */
function madeOnce<M extends { handle: Handle }>(
  lazy: () => Promise<{ default: new (...args: any[]) => M }>
) {
  let made: M | undefined
  const make = async () => {
    const { default: Middleware } = await lazy()
    return (made = await app.container.make(Middleware))
  }
  return (options?: Parameters<M['handle']>[2]): MiddlewareFn =>
    (ctx, next) =>
      // Under hot-hook (`node ace serve --hmr`) made anew, like the framework does, so that
      // an edited middleware takes effect. Once made, no promise of its own per request.
      made && !HOT
        ? made.handle(ctx, next, options)
        : make().then((middleware) => middleware.handle(ctx, next, options))
}

export const middleware = {
  ...router.named({
    session: () => import('@adonisjs/session/session_middleware'),
    readYourWrites: () => import('#middleware/read_your_writes_middleware'),
    shield: () => import('@adonisjs/shield/shield_middleware'),
    shieldWithoutCsrf: () => import('#middleware/shield_without_csrf_middleware'),
    pageHeaders: () => import('#middleware/page_headers_middleware'),
    compressResponse: () => import('#middleware/compress_response_middleware'),
    initializeAuth: () => import('@adonisjs/auth/initialize_auth_middleware'),
    initializeBouncer: () => import('#middleware/initialize_bouncer_middleware'),
    silentAuth: () => import('#middleware/silent_auth_middleware'),
    visitor: () => import('#middleware/visitor_middleware'),
    liveSubscription: () => import('#middleware/live_subscription_middleware'),
    guest: () => import('#middleware/guest_middleware'),
    auth: () => import('#middleware/auth_middleware'),
    authorize: () => import('#middleware/authorize_middleware'),
  }),
  bodyparser: madeOnce(() => import('@adonisjs/core/bodyparser_middleware')),
  jsonBody: madeOnce(() => import('#middleware/json_body_middleware')),
  webhookBody: madeOnce(() => import('#middleware/webhook_body_middleware')),
  noSniff: madeOnce(() => import('#middleware/no_sniff_middleware')),
  initializeApiAuth: madeOnce(() => import('#middleware/initialize_api_auth_middleware')),
  answersJson: madeOnce(() => import('#middleware/answers_json_middleware')),
  storableText: madeOnce(() => import('#middleware/storable_text_middleware')),
  cors: madeOnce(() => import('@adonisjs/cors/cors_middleware')),
  apiAuth: madeOnce(() => import('#middleware/api_auth_middleware')),
}

/**
 * Page headers, a session with its CSRF check (or not) and Content-Security-Policy, the
 * signed-in user, if any, and Bouncer.
 */
const sessionStack = (shield: ParsedNamedMiddleware = middleware.shield()) => [
  middleware.pageHeaders(),
  middleware.bodyparser(),
  middleware.session(),
  middleware.readYourWrites(),
  shield,
  middleware.initializeAuth(),
  middleware.initializeBouncer(),
  middleware.silentAuth(),
  middleware.storableText(),
]

/**
 * What each kind of route runs. Health checks and the Transmit event stream run none
 * of these: they need no body, session or cookie.
 */
export const stacks = {
  /** HTML pages and their htmx partials, compressed when the browser accepts it. */
  web: [middleware.compressResponse(), ...sessionStack(), middleware.visitor()],
  /** RFC 8058 one-click unsubscribe: mail providers POST it with no session or CSRF token. */
  webWithoutCsrf: [
    middleware.compressResponse(),
    ...sessionStack(middleware.shieldWithoutCsrf()),
    middleware.visitor(),
  ],
  /** Transmit subscribe/unsubscribe: POSTs of a page's script, not pages (no visitor id). */
  live: sessionStack(),
  /**
   * The JSON API and OFREP: JSON errors, the body (the parser skips GET; plain JSON bodies
   * take a lean path, json_body_middleware.ts) and `ctx.auth`;
   * their route groups add `apiAuth` and their throttle.
   */
  api: [
    middleware.answersJson(),
    middleware.noSniff(),
    middleware.jsonBody(),
    middleware.storableText(),
    middleware.initializeApiAuth(),
  ],
  /**
   * The API endpoints that pages on other origins call with a browser client key. CORS
   * comes first so that errors (an unreadable body, 401, 429) can be read by the page too.
   */
  browserApi: [
    middleware.answersJson(),
    middleware.noSniff(),
    middleware.cors(),
    middleware.jsonBody(),
    middleware.storableText(),
    middleware.initializeApiAuth(),
  ],
  /**
   * API endpoints that read a JSON body over the parser's 1 MB themselves (bulk contacts,
   * CSV imports: app/validators/json_body.ts).
   */
  apiLargeBody: [middleware.answersJson(), middleware.noSniff(), middleware.initializeAuth()],
  /**
   * Provider webhooks (inbound SMS, delivery statuses): authenticated by the provider's
   * signature over the raw body, which their body parser keeps (`request.raw()`); no
   * token, session or cookie.
   */
  webhooks: [
    middleware.answersJson(),
    middleware.noSniff(),
    middleware.webhookBody(),
    middleware.storableText(),
  ],
  /** The CORS preflights of those endpoints (no token): the cors middleware answers them. */
  preflight: [middleware.answersJson(), middleware.noSniff(), middleware.cors()],
}
