import { test } from '@japa/runner'
import type { ApiRequest, ApiResponse } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'
import { createToken, TOKEN_ABILITY_NAMES, type TokenAbility } from '#services/accounts'
import { resetDatabase } from '#tests/helpers/database'
import {
  appRoutes,
  fillPattern,
  runsSessionStack,
  type RouteUnderTest,
} from '#tests/helpers/routes'

/**
 * Who may call each route. Every route the router lists must match a rule here (first
 * match wins), so a new route without a decision about its callers fails this test.
 * `*` in a path matches the rest of it; `*` as the method matches any method.
 */
type Access =
  | 'public' // anyone; signed links and limits guard what needs guarding
  | 'sign-out' // ends the caller's own sessions: everyone lands on the login page
  | 'signed-in' // any signed-in user's session
  | 'staff' // an agent's or an admin's session
  | 'admin' // an admin's session
  | `token:${TokenAbility}` // a bearer token with that ability (browser client keys too)
  | `server-token:${TokenAbility | 'any'}` // the same, but never a public browser client key

const RULES: [string, Access][] = [
  ['GET /health/*', 'public'],
  ['GET /api/health', 'public'],
  ['POST /__transmit/subscribe', 'signed-in'],
  ['POST /__transmit/unsubscribe', 'public'],
  ['GET /__transmit/events', 'public'],
  ['GET /', 'public'],
  ['* /login', 'public'],
  ['* /help', 'public'],
  ['* /help/*', 'public'],
  ['GET /r/:token', 'public'],
  ['* /invitations/:id', 'public'],
  ['* /preferences/*', 'public'],
  ['POST /logout', 'sign-out'],
  ['DELETE /account/sessions', 'sign-out'],
  ['* /account/*', 'signed-in'],
  ['* /tickets', 'staff'],
  ['* /tickets/*', 'staff'],
  ['* /contacts', 'staff'],
  ['* /contacts/*', 'staff'],
  ['* /knowledge/synonyms', 'admin'],
  ['* /knowledge', 'staff'],
  ['* /knowledge/*', 'staff'],
  ['* /experiments', 'admin'],
  ['* /experiments/*', 'admin'],
  ['* /dashboard/*', 'admin'],
  ['* /admin/*', 'admin'],
  ['GET /api/me', 'server-token:any'],
  ['OPTIONS *', 'public'],
  ['POST /api/experiments/assignments', 'token:evaluate'],
  ['POST /api/experiments/assignments/lookup', 'token:evaluate'],
  ['POST /api/experiments/assignments/bulk', 'server-token:evaluate'],
  ['GET /api/experiments/active', 'token:evaluate'],
  ['POST /api/experiments/feature-flag', 'token:evaluate'],
  ['POST /api/experiments/exposures', 'token:track'],
  ['POST /api/experiments/track', 'token:track'],
  ['POST /api/experiments/track/batch', 'token:track'],
  ['* /api/experiments', 'token:manage'],
  ['* /api/experiments/*', 'token:manage'],
  ['* /api/experiment-templates', 'token:manage'],
  ['* /api/experiment-templates/*', 'token:manage'],
  ['* /api/growth/*', 'server-token:track'],
  ['GET /api/faqs', 'public'],
  ['GET /api/faqs/*', 'public'],
  ['* /api/faqs', 'token:support'],
  ['* /api/faqs/*', 'token:support'],
  ['* /api/tickets', 'token:support'],
  ['* /api/tickets/*', 'token:support'],
  ['* /api/preferences', 'token:support'],
  ['* /api/preferences/*', 'token:support'],
  ['POST /api/inbound/email', 'server-token:inbound'],
  ['* /campaigns', 'admin'],
  ['* /campaigns/*', 'admin'],
  // Recipients' tracked links and the open pixel: opened by mail clients, phones and scanners.
  ['GET /c/*', 'public'],
  ['GET /o/:pixel', 'public'],
  ['POST /api/campaigns/conversions', 'server-token:track'],
  ['* /api/campaigns', 'token:manage'],
  ['* /api/campaigns/*', 'token:manage'],
  ['* /api/contacts', 'token:manage'],
  ['* /api/contacts/*', 'token:manage'],
  // Authenticated by the provider's signature (401 without it), not by a token.
  ['POST /api/webhooks/*', 'public'],
  ['POST /ofrep/*', 'token:evaluate'],
]

const BROWSER_KEY_ABILITIES: TokenAbility[] = ['evaluate', 'track']

function ruleFor(route: RouteUnderTest): Access | undefined {
  return RULES.find(([rule]) => {
    const [method, path] = rule.split(' ')
    const pattern = new RegExp(`^${path.replace(/[.?+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
    return (method === '*' || method === route.method) && pattern.test(route.pattern)
  })?.[1]
}

interface Caller {
  name: string
  role?: 'agent' | 'admin'
  abilities?: TokenAbility[]
  browserKey?: boolean
  sign: (request: ApiRequest) => ApiRequest
}

function mayCall(access: Access, caller: Caller) {
  if (access === 'public' || access === 'sign-out') return true
  if (access === 'signed-in' || access === 'staff') return caller.role !== undefined
  if (access === 'admin') return caller.role === 'admin'
  const [kind, ability] = access.split(':') as ['token' | 'server-token', string]
  if (!caller.abilities || (kind === 'server-token' && caller.browserKey)) return false
  return ability === 'any' || caller.abilities.includes(ability as TokenAbility)
}

/** The answers that mean "not you": sign in first, or you may not. */
function wasRefused(response: ApiResponse) {
  const status = response.status()
  const toLogin = status === 302 && response.header('location') === '/login'
  return toLogin || status === 401 || status === 403
}

/**
 * Reads use rows that exist; writes use ids that do not and empty bodies, so a caller
 * who may write gets a 404 or a 422 and changes nothing for the callers after it.
 */
function urlFor(route: RouteUnderTest) {
  const reads = route.method === 'GET'
  const values: Record<string, string> = {
    id: reads ? '1' : '999999',
    number: reads ? '1' : '999999',
    token: 'no-such-token',
    slug: 'getting-started',
    key: 'no-such-flag',
    email: 'nobody%40example.com',
    action: route.pattern.startsWith('/knowledge') ? 'publish' : 'start',
    section: 'summary',
    table: 'loops',
  }
  return fillPattern(route.pattern, (name) => values[name] ?? '1')
}

test.group('Who may call each route (generated from the route list)', (group) => {
  let routes: RouteUnderTest[]
  let callers: Caller[]

  group.setup(async () => {
    await resetDatabase()
    await testUtils.db().seed()
    routes = appRoutes()
    const admin = await User.findByOrFail('email', 'admin@example.com')
    const agent = await User.findByOrFail('email', 'agent@example.com')
    const server = await Promise.all(
      TOKEN_ABILITY_NAMES.map(async (ability): Promise<Caller> => {
        const { secret } = await createToken(admin, {
          name: ability,
          abilities: [ability],
          kind: 'server',
          expiresInDays: null,
        })
        return {
          name: `token:${ability}`,
          abilities: [ability],
          sign: (r) => r.bearerToken(secret),
        }
      })
    )
    const browser = await createToken(admin, {
      name: 'site',
      abilities: BROWSER_KEY_ABILITIES,
      kind: 'client',
      expiresInDays: null,
    })
    callers = [
      { name: 'anonymous', sign: (r) => r },
      { name: 'agent', role: 'agent', sign: (r) => r.loginAs(agent) },
      { name: 'admin', role: 'admin', sign: (r) => r.loginAs(admin) },
      ...server,
      {
        name: 'browser client key',
        abilities: BROWSER_KEY_ABILITIES,
        browserKey: true,
        sign: (r) => r.bearerToken(browser.secret),
      },
    ]
  })
  group.teardown(resetDatabase)

  test('every route has a rule', ({ assert }) => {
    assert.isAbove(routes.length, 100)
    const unruled = routes.filter((route) => !ruleFor(route))
    assert.deepEqual(
      unruled.map((route) => `${route.method} ${route.pattern}`),
      [],
      'add these routes to RULES in tests/functional/route_access.spec.ts'
    )
  })

  test('each caller is let in exactly where its rule says', async ({ client, assert }) => {
    const wrong: string[] = []
    let checked = 0
    for (const route of routes) {
      const access = ruleFor(route)
      // Signing out looks the same signed in or not (the login page): nothing to tell apart.
      if (!access || access === 'public' || access === 'sign-out') continue
      // The live event stream never ends; its subscriptions are checked instead.
      if (route.pattern === '/__transmit/events') continue
      for (const caller of callers) {
        const request = caller.sign(client.request(urlFor(route), route.method)).redirects(0)
        if (runsSessionStack(route) && route.method !== 'GET') request.withCsrfToken()
        const response = await request
        checked++
        const allowed = mayCall(access, caller)
        if (allowed === wasRefused(response)) {
          wrong.push(
            `${caller.name} ${allowed ? 'refused' : 'let in'}: ${route.method} ${route.pattern} (${access}) → ${response.status()}`
          )
        }
        if (response.status() >= 500) {
          wrong.push(`${caller.name}: ${route.method} ${route.pattern} → ${response.status()}`)
        }
      }
    }
    console.log(`  access matrix: ${checked} route × caller pairs checked`)
    assert.deepEqual(wrong, [], wrong.join('\n'))
  }).timeout(120_000)
})
