import { test } from '@japa/runner'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'
import { createToken, TOKEN_ABILITY_NAMES } from '#services/accounts'
import { resetDatabase } from '#tests/helpers/database'
import { hostileInputs, type HostileInputs } from '#tests/helpers/fuzz'
import {
  appRoutes,
  fillPattern,
  runsSessionStack,
  type RouteUnderTest,
} from '#tests/helpers/routes'

/**
 * Every route, as every kind of caller, with hostile path values, query strings and
 * bodies (tests/helpers/fuzz.ts): whatever comes in, the answer is never a 5xx. Seeded
 * and bounded, so a failure names a request that can be replayed.
 */
const SEED = 20261207
const REQUESTS_PER_ROUTE = 8

/** The Transmit event stream never ends: it has no input but its channel uid. */
const STREAMS = new Set(['GET /__transmit/events'])

interface Caller {
  name: string
  sign: (request: ApiRequest) => ApiRequest
}

async function callers(): Promise<Caller[]> {
  const admin = await User.findByOrFail('email', 'admin@example.com')
  const agent = await User.findByOrFail('email', 'agent@example.com')
  const tokens = await Promise.all(
    TOKEN_ABILITY_NAMES.map(async (ability) => {
      const { secret } = await createToken(admin, {
        name: ability,
        abilities: [ability],
        kind: 'server',
        expiresInDays: null,
      })
      return { name: `token:${ability}`, sign: (r: ApiRequest) => r.bearerToken(secret) }
    })
  )
  const client = await createToken(admin, {
    name: 'site',
    abilities: ['evaluate', 'track'],
    kind: 'client',
    expiresInDays: null,
  })
  return [
    { name: 'anonymous', sign: (r) => r },
    { name: 'agent', sign: (r) => r.loginAs(agent) },
    { name: 'admin', sign: (r) => r.loginAs(admin) },
    ...tokens,
    { name: 'client key', sign: (r) => r.bearerToken(client.secret) },
  ]
}

/** Known-good values, so that half the requests get past the router to the handler. */
async function validParams() {
  const first = async (sql: string) => {
    const { rows } = await db.rawQuery(sql)
    return String(rows[0]?.value ?? '1')
  }
  return {
    id: '1',
    number: await first('SELECT min(number) AS value FROM tickets'),
    slug: await first('SELECT slug AS value FROM faq_categories LIMIT 1'),
    key: await first('SELECT key AS value FROM feature_flags LIMIT 1'),
    token: await first('SELECT token AS value FROM referral_links LIMIT 1'),
    email: 'dana%40example.com',
    action: 'start',
    section: 'summary',
    table: 'loops',
  } as Record<string, string>
}

function hostileRequest(
  client: ApiClient,
  route: RouteUnderTest,
  caller: Caller,
  valid: Record<string, string>,
  inputs: HostileInputs
) {
  const path = fillPattern(route.pattern, (name) =>
    inputs.chance(0.5) ? (valid[name] ?? '1') : inputs.pathValue()
  )
  const url = inputs.chance(0.6) ? `${path}?${inputs.query()}` : path
  const request = caller.sign(client.request(url, route.method))
  request.header('x-forwarded-for', inputs.address())
  if (inputs.chance(0.3)) request.accept('json')
  if (inputs.chance(0.2)) request.header('HX-Request', 'true')
  if (runsSessionStack(route) && route.method !== 'GET' && inputs.chance(0.85))
    request.withCsrfToken()
  if (route.method !== 'GET' || inputs.chance(0.1)) {
    const body = inputs.body()
    if (body.type === 'json') request.json(body.payload as object)
    else if (body.type === 'form') request.form(body.payload as object)
    else {
      request.type(body.type === 'raw-json' ? 'application/json' : body.type)
      request.request.send(body.payload as string)
    }
  }
  return request.redirects(0).timeout(20_000)
}

test.group('Hostile input on every route', (group) => {
  let everyCaller: Caller[]
  let valid: Record<string, string>
  let routes: RouteUnderTest[]
  const tally = { sent: 0, serverErrors: 0 }

  group.setup(async () => {
    await resetDatabase()
    await testUtils.db().seed()
    // The router is committed once the test server has started (tests/bootstrap.ts).
    routes = appRoutes().filter((route) => !STREAMS.has(`${route.method} ${route.pattern}`))
    everyCaller = await callers()
    valid = await validParams()
  })
  group.teardown(async () => {
    console.log(
      `  fuzz: ${tally.sent} requests, ${routes.length} routes × ${everyCaller.length} callers, ${tally.serverErrors} answers ≥ 500`
    )
    await resetDatabase()
  })

  test('as {$self}, no request gets a 5xx')
    .with([
      'anonymous',
      'agent',
      'admin',
      ...TOKEN_ABILITY_NAMES.map((a) => `token:${a}`),
      'client key',
    ])
    .timeout(120_000)
    .run(async ({ client, assert }, callerName) => {
      const caller = everyCaller.find((c) => c.name === callerName)!
      const inputs = hostileInputs(SEED + callerName.length * 7919 + callerName.charCodeAt(0))
      assert.isAbove(routes.length, 100, 'the route list was not read')
      const failures: string[] = []
      for (const route of routes) {
        for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
          const request = hostileRequest(client, route, caller, valid, inputs)
          const described = `${route.method} ${request.request.url.slice(0, 200)}`
          tally.sent++
          let status: number
          let text = ''
          try {
            const response = await request
            status = response.status()
            text = response.text()
          } catch (error) {
            failures.push(`${described} → no answer (${(error as Error).message})`)
            continue
          }
          if (status >= 500) {
            tally.serverErrors++
            failures.push(`${described} → ${status} ${text.slice(0, 200).replace(/\s+/g, ' ')}`)
          }
        }
      }
      assert.deepEqual(failures, [], failures.join('\n'))
    })
})
