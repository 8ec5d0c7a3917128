import { test } from '@japa/runner'
import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { invite } from '#tests/helpers/growth'
import { runningExperiment } from '#tests/helpers/experiments'
import { createLink } from '#services/growth/tracking'
import { forgetGrowthSections } from '#services/growth/cache'
import { LIVE_CHANNELS } from '#services/live/channels'
import { waitForBroadcast } from '#tests/helpers/live'

const SECTIONS = ['summary', 'loops', 'referrers', 'timeline', 'cohorts', 'funnel']
const TABLES = ['loops', 'efficiency', 'referrers', 'timeline', 'cohorts', 'funnel']

/** Two referrers in the custom period 2026-03-02 … 2026-03-08 (K = 3 / 2). */
async function someReferrals() {
  await invite('alice', 'buddy_challenge', '2026-03-02T10:00:00Z', {
    click: '2026-03-02T11:00:00Z',
    signup: ['2026-03-02T12:00:00Z', 'a1'],
  })
  await invite('alice', 'buddy_challenge', '2026-03-03T10:00:00Z', {
    signup: ['2026-03-04T12:00:00Z', 'a2'],
  })
  await invite('bob', 'results_rally', '2026-03-05T10:00:00Z', {
    signup: ['2026-03-06T12:00:00Z', 'b1'],
  })
  await invite('bob', 'results_rally', '2026-03-05T10:05:00Z')
  forgetGrowthSections()
}
const WEEK = 'period=custom&from=2026-03-02&to=2026-03-08'

test.group('Growth dashboard', (group) => {
  group.each.setup(() => resetDatabase())

  test('admins see every section with its definitions; K reads 1.50 and excellent', async ({
    client,
  }) => {
    await someReferrals()
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/dashboard/k-factor?${WEEK}`).loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes('data-card-value="k">1.50<')
    page.assertTextIncludes('Excellent')
    page.assertTextIncludes('K = i × c')
    page.assertTextIncludes('Viral coefficient')
    page.assertTextIncludes('data-live="admin/growth"')
    page.assertTextIncludes('every 60s')
    for (const section of SECTIONS)
      page.assertTextIncludes(
        `/dashboard/k-factor/sections/${section}?period=custom&amp;from=2026-03-02&amp;to=2026-03-08`
      )
  })

  test('each section partial renders alone for the same filters', async ({ client, assert }) => {
    await someReferrals()
    const admin = await UserFactory.apply('admin').create()
    for (const section of SECTIONS) {
      const response = await client
        .get(`/dashboard/k-factor/sections/${section}?${WEEK}&loop=buddy_challenge`)
        .header('HX-Request', 'true')
        .loginAs(admin)
      response.assertStatus(200)
      assert.notInclude(response.text(), '<html')
      assert.notInclude(response.text(), 'NaN')
    }
    const summary = await client
      .get(`/dashboard/k-factor/sections/summary?${WEEK}&loop=buddy_challenge`)
      .loginAs(admin)
    // buddy_challenge: 2 conversions from 1 active referrer.
    summary.assertTextIncludes('data-card-value="k">2.00<')
  })

  test('an empty period says "no data", never NaN', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get('/dashboard/k-factor?period=7').loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes('data-card-value="k">no data<')
    page.assertTextIncludes('data-k-status="no-data"')
    assert.notInclude(page.text(), 'NaN')
  })

  test('bad filters show the default period with field errors, not an error page', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    for (const query of [
      'period=12',
      'period=custom',
      'period=custom&from=2026-03-08&to=2026-03-01',
      'period=custom&from=2020-01-01&to=2026-01-01',
      'period=custom&from=yesterday&to=today',
      'loop=Not%20a%20loop',
    ]) {
      const response = await client.get(`/dashboard/k-factor?${query}`).loginAs(admin)
      response.assertStatus(200)
      assert.include(response.text(), 'data-growth-errors', query)
      response.assertTextIncludes('Showing the last 30 days instead')
      assert.include(response.text(), 'data-growth-period')
    }
    const section = await client.get('/dashboard/k-factor/sections/summary?period=x').loginAs(admin)
    section.assertStatus(200)
  })

  test('the filter form swaps every section and pushes the page URL', async ({ client }) => {
    await someReferrals()
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .get(`/dashboard/k-factor/panels?${WEEK}&loop=results_rally`)
      .header('HX-Request', 'true')
      .loginAs(admin)
    response.assertStatus(200)
    response.assertHeader(
      'hx-push-url',
      '/dashboard/k-factor?period=custom&from=2026-03-02&to=2026-03-08&loop=results_rally'
    )
    response.assertTextIncludes('id="growth-summary"')
    response.assertTextIncludes('data-card-value="k">1.00<')
  })

  test('CSV export of each table', async ({ client, assert }) => {
    await someReferrals()
    const admin = await UserFactory.apply('admin').create()
    for (const table of TABLES) {
      const response = await client
        .get(`/dashboard/k-factor/export/${table}?${WEEK}`)
        .loginAs(admin)
      response.assertStatus(200)
      response.assertHeader('content-type', 'text/csv; charset=utf-8')
      assert.include(
        response.header('content-disposition'),
        `k-factor-${table}-2026-03-02-to-2026-03-08.csv`
      )
    }
    const loops = await client.get(`/dashboard/k-factor/export/loops?${WEEK}`).loginAs(admin)
    assert.equal(
      loops.text(),
      'loop,invites,conversions,active_referrers,invites_per_active_referrer,conversion_rate,k_factor,status\r\n' +
        'buddy_challenge,2,2,1,2,1,2,excellent\r\n' +
        'results_rally,2,1,1,2,0.5,1,good\r\n'
    )
    const timeline = await client.get(`/dashboard/k-factor/export/timeline?${WEEK}`).loginAs(admin)
    const lines = timeline.text().trim().split('\r\n')
    assert.lengthOf(lines, 8)
    assert.equal(lines[7], '2026-03-08,0,0,0,0,')
    const unknown = await client.get('/dashboard/k-factor/export/secrets').loginAs(admin)
    unknown.assertStatus(404)
  })

  test('new referral data tells open dashboards to refresh (admin/growth)', async ({ assert }) => {
    let n = 0
    const seen = await waitForBroadcast(LIVE_CHANNELS.growth, 10_000, () =>
      createLink({ referrerId: 'u1', loop: 'buddy_challenge', token: `live-token-${n++}` })
    )
    assert.equal(seen.payload.reason, 'referrals')
  })

  test('agents and anonymous visitors are refused sections and exports', async ({ client }) => {
    const agent = await UserFactory.create()
    for (const path of [
      '/dashboard/k-factor/sections/summary',
      '/dashboard/k-factor/export/loops',
      '/dashboard/k-factor/panels',
    ]) {
      const refused = await client.get(path).loginAs(agent)
      refused.assertStatus(403)
      const anonymous = await client.get(path).redirects(0)
      anonymous.assertStatus(302)
      anonymous.assertHeader('location', '/login')
    }
  })
})

test.group('Growth / invite links', (group) => {
  group.each.setup(() => resetDatabase())
  group.each.setup(() => {
    env.set('REFERRAL_ALLOWED_HOSTS', 'tutor.example.com')
    return () => env.set('REFERRAL_ALLOWED_HOSTS', '')
  })

  test('/r/:token counts the first click and forwards with ref=', async ({ client, assert }) => {
    const { link } = await createLink({
      referrerId: 'u1',
      loop: 'buddy_challenge',
      destinationUrl: 'https://tutor.example.com/join?plan=free',
    })
    const response = await client.get(`/r/${link.token}`).redirects(0)
    response.assertStatus(302)
    assert.equal(
      response.header('location'),
      `https://tutor.example.com/join?plan=free&ref=${link.token}`
    )
    const first = await db.from('referral_links').first()
    assert.isNotNull(first.clicked_at)
    await client.get(`/r/${link.token}`).redirects(0)
    const [daily] = await db.from('referral_daily')
    assert.equal(daily.clicked, 1)
    const again = await db.from('referral_links').first()
    assert.equal(again.clicked_at.getTime(), first.clicked_at.getTime())
  })

  test('without a destination the link goes to the landing page', async ({ client }) => {
    const { link } = await createLink({ referrerId: 'u1', loop: 'x' })
    const response = await client.get(`/r/${link.token}`).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `/?ref=${link.token}`)
  })

  test('a stored destination on a host no longer allowed leads home, still counted', async ({
    client,
    assert,
  }) => {
    const { link } = await createLink({
      referrerId: 'u1',
      loop: 'x',
      destinationUrl: 'https://tutor.example.com.evil.example/join',
    })
    const { link: withUser } = await createLink({
      referrerId: 'u1',
      loop: 'x',
      destinationUrl: 'https://tutor.example.com@evil.example/join',
    })
    for (const token of [link.token, withUser.token]) {
      const response = await client.get(`/r/${token}`).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', `/?ref=${token}`)
    }
    const [daily] = await db.from('referral_daily')
    assert.equal(daily.clicked, 2)
  })

  test('an unknown token gets a friendly page and is not counted', async ({ client, assert }) => {
    await createLink({ referrerId: 'u1', loop: 'x', token: 'real-token-1' })
    for (const token of ['no-such-token', 'x'.repeat(300), 'bad%20token']) {
      const response = await client.get(`/r/${token}`).redirects(0)
      response.assertStatus(404)
      response.assertTextIncludes('This invite link does not work')
    }
    const [daily] = await db.from('referral_daily')
    assert.equal(daily.clicked, 0)
  })
})

test.group('Growth / K-factor per experiment variant', (group) => {
  group.each.setup(() => resetDatabase())

  test('shown when the experiment names k_factor, with the interference warning', async ({
    client,
    assert,
  }) => {
    const experiment = await runningExperiment({
      primaryMetric: { event: 'k_factor', kind: 'count' },
    })
    const [control, treatment] = experiment.variants
    const exposed = new Date(Date.now() - 3 * 86_400_000)
    const assign = (subject: string, variantId: number) =>
      db.table('experiment_assignments').insert({
        experiment_id: experiment.id,
        variant_id: variantId,
        subject_id: subject,
        how: 'forced',
        assigned_at: exposed,
        first_exposed_at: exposed,
      })
    await assign('c1', control.id)
    await assign('c2', control.id)
    await assign('t1', treatment.id)
    await assign('i1', treatment.id)
    const recent = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
    // c1 invites twice: one converts (i1, in the other variant: interference).
    await invite('c1', 'x', recent(40), { signup: [recent(30), 'i1'] })
    await invite('c1', 'x', recent(40))
    // Before c2's exposure: not counted.
    await invite('c2', 'x', new Date(exposed.getTime() - 3_600_000).toISOString())
    // t1: three invites, two conversions (invitees outside the experiment).
    await invite('t1', 'x', recent(20), { signup: [recent(10), 'n1'] })
    await invite('t1', 'x', recent(20), { signup: [recent(10), 'n2'] })
    await invite('t1', 'x', recent(20))

    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/${experiment.id}`).loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes('K-factor per variant')
    page.assertTextIncludes('data-interference')
    const text = page.text()
    const row = (key: string) =>
      text
        .split(`data-variant-k="${key}"`)[1]
        .split('</tr>')[0]
        .replace(/^[^>]*>/, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    // control: 2 subjects, 2 invites, 1 converted → K 0.50; treatment: 2 subjects, 3 invites, 2 → 1.00.
    assert.equal(row('control'), 'Control control 2 2 1.00 1 50.0 % 0.50')
    assert.equal(row('treatment'), 'Treatment 2 3 1.50 2 66.7 % 1.00')

    const other = await runningExperiment({ key: 'other' })
    const plain = await client.get(`/experiments/${other.id}`).loginAs(admin)
    assert.notInclude(plain.text(), 'K-factor per variant')
  })
})
