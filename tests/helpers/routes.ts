import router from '@adonisjs/core/services/router'

/** One method of one route, as the router lists it. */
export interface RouteUnderTest {
  method: string
  pattern: string
}

/** Every route the app serves, one entry per method (HEAD is GET's twin). */
export function appRoutes(): RouteUnderTest[] {
  return Object.values(router.toJSON())
    .flat()
    .flatMap((route) =>
      route.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          pattern: route.pattern.startsWith('/') ? route.pattern : `/${route.pattern}`,
        }))
    )
}

/** The route's URL with each `:param` (optional or not) replaced by `valueOf(name)`. */
export function fillPattern(pattern: string, valueOf: (param: string) => string) {
  return pattern.replace(/:(\w+)\??/g, (_, name: string) => valueOf(name))
}

/**
 * Pages and live subscriptions run the session and CSRF stack; the API, OFREP, health
 * checks and the live event stream run none of it.
 */
export function runsSessionStack(route: RouteUnderTest) {
  return !/^\/(api|ofrep|health)\//.test(route.pattern) && route.pattern !== '/__transmit/events'
}
