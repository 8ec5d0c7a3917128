import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { Instance, openEventStream, productionBuild, startRedis } from '#tests/helpers/instances'
import { TEST_PASSWORD } from '#database/factories/user_factory'
import { signIn } from '../../bench/support/sign_in.js'

/**
 * Two production instances of the build on one database, as behind a load balancer
 * (docs/scaling.md): once sharing only PostgreSQL, once with Redis (REDIS_URL, a
 * redis-server of the test's own). Nothing is mocked; the instances are separate processes.
 */
const FLEETS = [
  { name: 'PostgreSQL only', redis: false },
  { name: 'with REDIS_URL', redis: true },
]

/** The CSRF token of a page, as a browser tab sends it (`hx-headers` on `<body>`). */
async function csrfTokenOf(instance: Instance, cookie: string) {
  const page = await fetch(`${instance.url}/tickets`, { headers: { cookie } })
  const html = await page.text()
  const token = html.match(/"x-csrf-token": "([^"]+)"/)?.[1]
  if (!token) throw new Error(`no CSRF token on ${instance.id}'s /tickets (${page.status})`)
  return token
}

test.group('Scale-out / two instances on one database', (group) => {
  group.setup(() => void productionBuild())
  group.each.setup(resetDatabase)

  test('{name}: sessions, live updates, rate limits and one leader hold across instances')
    .with(FLEETS)
    .timeout(240_000)
    .run(async ({ assert, cleanup }, fleet) => {
      const variables: Record<string, string> = {}
      if (fleet.redis) {
        const redis = await startRedis()
        cleanup(() => redis.stop())
        variables.REDIS_URL = redis.url
      }
      const admin = await UserFactory.apply('admin').create()
      const { token } = await apiToken(['support'])
      const [a, b] = await Promise.all([
        Instance.start('a', variables),
        Instance.start('b', variables),
      ])
      cleanup(async () => {
        await Promise.all([a.kill(), b.kill()])
      })

      // Exactly one leads, and each names itself.
      const healths = await Promise.all([a.health(), b.health()])
      assert.deepEqual(
        healths.map((health) => health.instanceId),
        ['a', 'b']
      )
      assert.equal(healths.filter((health) => health.leader).length, 1)
      const [leader, follower] = healths[0].leader ? [a, b] : [b, a]

      // A session made on one instance works on the other.
      const cookie = await signIn(leader.url, admin.email, TEST_PASSWORD, '/tickets')
      const onFollower = await fetch(`${follower.url}/tickets`, {
        headers: { cookie },
        redirect: 'manual',
      })
      assert.equal(onFollower.status, 200)
      // …kept where the fleet keeps it: PostgreSQL, or Redis with REDIS_URL.
      const rows = await db.from('sessions').whereNotNull('user_id').count('* as n')
      assert.equal(Number(rows[0].n) > 0, !fleet.redis)

      // A change made through one instance reaches a tab whose stream is on the other.
      const stream = await openEventStream(
        follower,
        cookie,
        await csrfTokenOf(follower, cookie),
        'support/tickets'
      )
      cleanup(() => stream.close())
      const createTicket = (instance: Instance, title: string) =>
        fetch(`${instance.url}/api/tickets`, {
          method: 'POST',
          headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            title,
            description: 'Made on another instance.',
            contact_email: 'fleet@example.com',
          }),
        }).then((response) => assert.isTrue(response.ok, `creating a ticket: ${response.status}`))
      const message = await stream.next(10_000, () => createTicket(leader, 'Made on the leader'))
      assert.equal(message.channel, 'support/tickets')

      // A rate limit counts requests to both (invite links: 30 a minute per address).
      const follow = (instance: Instance) =>
        fetch(`${instance.url}/r/no-such-link`, { redirect: 'manual' }).then((r) => r.status)
      const statuses: number[] = []
      for (let i = 0; i < 30; i++) statuses.push(await follow(i % 2 ? a : b))
      assert.notInclude(statuses, 429)
      assert.equal(await follow(a), 429)
      assert.equal(await follow(b), 429)
      const counters = await db.from('rate_limits').count('* as n')
      assert.equal(Number(counters[0].n) > 0, !fleet.redis)

      // The leader dies; the survivor leads within 10 s, and still relays changes.
      const killedAt = Date.now()
      await leader.kill()
      const leads = async () => {
        const health = await follower.health()
        return health.leader
      }
      while (!(await leads())) {
        assert.isBelow(Date.now() - killedAt, 10_000, 'the survivor did not take over in 10 s')
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const again = await stream.next(10_000, () => createTicket(follower, 'Made on the survivor'))
      assert.equal(again.channel, 'support/tickets')
    })
})
