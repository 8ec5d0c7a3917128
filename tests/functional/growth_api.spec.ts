import { test } from '@japa/runner'
import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

test.group('Growth API / referral tracking', (group) => {
  group.each.setup(() => resetDatabase())

  test("a destination must be on this app's or the landing page's host, without a user name", async ({
    client,
    assert,
  }) => {
    env.set('REFERRAL_LANDING_URL', 'https://tutor.example.com/start')
    const { token } = await apiToken(['track'])
    const create = (destinationUrl: string) =>
      client
        .post('/api/growth/links')
        .bearerToken(token)
        .json({ referrerId: 'user-1', loop: 'buddy_challenge', destinationUrl })
    try {
      for (const allowed of [
        'https://tutor.example.com/join?plan=free',
        `http://localhost:${process.env.PORT}/help`,
      ]) {
        const response = await create(allowed)
        response.assertStatus(201)
      }
      for (const refused of [
        'https://evil.example/join',
        'https://tutor.example.com@evil.example/join',
        'https://user:pw@tutor.example.com/join',
        'https://tutor.example.com.evil.example/',
      ]) {
        const response = await create(refused)
        response.assertStatus(422)
        assert.deepEqual(
          response.body().error.fields.map((f: { field: string }) => f.field),
          ['destinationUrl']
        )
      }
      assert.lengthOf(await db.from('referral_links'), 2)
    } finally {
      env.set('REFERRAL_LANDING_URL', '')
    }
  })

  test('an invite, its click, sign-up and first value; every retry is a duplicate', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['track'])
    const api = (path: string, body: object) =>
      client.post(`/api/growth${path}`).bearerToken(token).json(body)

    const created = await api('/links', {
      referrerId: 'user-1',
      loop: 'buddy_challenge',
      inviteeEmail: 'Friend@Example.com',
      sentAt: minutesAgo(60),
      idempotencyKey: 'invite-1',
    })
    created.assertStatus(201)
    const link = created.body().data
    assert.equal(created.body().status, 'created')
    assert.match(link.token, /^[A-Za-z0-9_-]{16}$/)
    assert.equal(link.url, `http://localhost:${process.env.PORT}/r/${link.token}`)
    assert.equal(link.inviteeEmail, 'friend@example.com')

    const retried = await api('/links', {
      referrerId: 'user-1',
      loop: 'buddy_challenge',
      idempotencyKey: 'invite-1',
    })
    retried.assertStatus(200)
    assert.equal(retried.body().status, 'duplicate')
    assert.equal(retried.body().data.token, link.token)

    for (const [step, body] of [
      ['click', { occurredAt: minutesAgo(50) }],
      ['signup', { inviteeId: 'user-2', occurredAt: minutesAgo(40) }],
      ['first-value', { occurredAt: minutesAgo(30) }],
    ] as const) {
      const first = await api(`/links/${link.token}/${step}`, body)
      first.assertStatus(201)
      assert.equal(first.body().status, 'recorded')
      const again = await api(`/links/${link.token}/${step}`, body)
      again.assertStatus(200)
      assert.equal(again.body().status, 'duplicate')
    }

    const rows = await db.from('referral_links')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].invitee_id, 'user-2')
    assert.isNotNull(rows[0].first_value_at)
    const subject = await db.from('growth_subjects').where('subject_id', 'user-2').first()
    assert.equal(subject.referred_by, 'user-1')
    assert.equal(subject.referral_link_id, rows[0].id)
    const [daily] = await db.from('referral_daily').where('invites', '>', 0)
    assert.deepInclude(daily, { invites: 1, clicked: 1, signed_up: 1, first_value: 1 })

    const shown = await client.get(`/api/growth/links/${link.token}`).bearerToken(token)
    shown.assertStatus(200)
    assert.equal(shown.body().data.inviteeId, 'user-2')
  })

  test('a sign-up without a recorded click converts', async ({ client, assert }) => {
    const { token } = await apiToken(['track'])
    const created = await client
      .post('/api/growth/links')
      .bearerToken(token)
      .json({ referrerId: 'u1', loop: 'results_rally', token: 'my-own-token-1' })
    created.assertStatus(201)
    const signup = await client
      .post('/api/growth/links/my-own-token-1/signup')
      .bearerToken(token)
      .json({ inviteeId: 'u9' })
    signup.assertStatus(201)
    const [daily] = await db.from('referral_daily').where('invites', '>', 0)
    assert.deepInclude(daily, { clicked: 1, clicks_missing: 1, signed_up: 1 })
  })

  test('malformed payloads get 422 with the fields', async ({ client, assert }) => {
    const { token } = await apiToken(['track'])
    const bad = await client
      .post('/api/growth/links')
      .bearerToken(token)
      .json({ referrerId: '', loop: 'No Spaces!', inviteeEmail: 'nope', sentAt: 'yesterday' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.code, 'validation_failed')
    assert.sameMembers(
      bad.body().error.fields.map((f: { field: string }) => f.field),
      ['referrerId', 'loop', 'inviteeEmail', 'sentAt']
    )
    const future = await client
      .post('/api/growth/links')
      .bearerToken(token)
      .json({
        referrerId: 'u1',
        loop: 'x',
        sentAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
    future.assertStatus(422)
    assert.equal(future.body().error.fields[0].field, 'sentAt')
    const noInvitee = await client
      .post('/api/growth/links/whatever-token/signup')
      .bearerToken(token)
      .json({ occurredAt: 'soon' })
    noInvitee.assertStatus(422)
    assert.sameMembers(
      noInvitee.body().error.fields.map((f: { field: string }) => f.field),
      ['inviteeId', 'occurredAt']
    )
  })

  test('steps out of order are refused, never stored out of order', async ({ client, assert }) => {
    const { token } = await apiToken(['track'])
    const api = (path: string, body: object) =>
      client.post(`/api/growth${path}`).bearerToken(token).json(body)
    const created = await api('/links', { referrerId: 'u1', loop: 'x', sentAt: minutesAgo(60) })
    const { data } = created.body()

    const early = await api(`/links/${data.token}/click`, { occurredAt: minutesAgo(90) })
    early.assertStatus(422)
    assert.equal(early.body().error.code, 'out_of_order')
    assert.equal(early.body().error.fields[0].field, 'occurredAt')

    await api(`/links/${data.token}/click`, { occurredAt: minutesAgo(30) }).then((r) =>
      r.assertStatus(201)
    )
    const beforeClick = await api(`/links/${data.token}/signup`, {
      inviteeId: 'u2',
      occurredAt: minutesAgo(40),
    })
    beforeClick.assertStatus(422)
    assert.match(beforeClick.body().error.fields[0].message, /before the recorded click/)

    const valueFirst = await api(`/links/${data.token}/first-value`, {})
    valueFirst.assertStatus(409)
    assert.equal(valueFirst.body().error.code, 'not_signed_up')

    const link = await db.from('referral_links').first()
    assert.isNull(link.signed_up_at)
  })

  test('conflicts: another invitee, an invitee referred twice, a taken token', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['track'])
    const api = (path: string, body: object) =>
      client.post(`/api/growth${path}`).bearerToken(token).json(body)
    await api('/links', { referrerId: 'u1', loop: 'x', token: 'token-aaaa' })
    await api('/links', { referrerId: 'u3', loop: 'x', token: 'token-bbbb' })
    await api('/links/token-aaaa/signup', { inviteeId: 'u2' }).then((r) => r.assertStatus(201))

    const other = await api('/links/token-aaaa/signup', { inviteeId: 'u7' })
    other.assertStatus(409)
    const twice = await api('/links/token-bbbb/signup', { inviteeId: 'u2' })
    twice.assertStatus(409)
    assert.equal(twice.body().error.code, 'already_referred')
    const self = await api('/links/token-bbbb/signup', { inviteeId: 'u3' })
    self.assertStatus(422)
    const taken = await api('/links', { referrerId: 'u9', loop: 'x', token: 'token-aaaa' })
    taken.assertStatus(409)
    const unknown = await api('/links/no-such-token/click', {})
    unknown.assertStatus(404)
    assert.equal(unknown.body().error.code, 'unknown_token')
  })

  test('growth subjects: created once, the first write wins', async ({ client, assert }) => {
    const { token } = await apiToken(['track'])
    const first = await client
      .post('/api/growth/subjects')
      .bearerToken(token)
      .json({ subjectId: 'u1', signedUpAt: '2026-03-01T10:00:00Z' })
    first.assertStatus(201)
    const again = await client
      .post('/api/growth/subjects')
      .bearerToken(token)
      .json({ subjectId: 'u1', signedUpAt: '2026-03-05T10:00:00Z' })
    again.assertStatus(200)
    assert.equal(again.body().data.signedUpAt, '2026-03-01T10:00:00.000Z')
    const [cohort] = await db.from('growth_cohort_days')
    assert.deepInclude(cohort, { scope: '*', subjects: 1 })
  })

  test('tokens: none, without `track`, or a public browser key are refused', async ({
    client,
    assert,
  }) => {
    const anonymous = await client.post('/api/growth/links').json({ referrerId: 'u', loop: 'x' })
    anonymous.assertStatus(401)
    const { token } = await apiToken(['evaluate'])
    const missing = await client
      .post('/api/growth/links')
      .bearerToken(token)
      .json({ referrerId: 'u', loop: 'x' })
    missing.assertStatus(403)
    assert.equal(missing.body().error.code, 'missing_ability')

    const { admin } = await apiToken(['track'])
    const { createToken } = await import('#services/accounts/token_service')
    const { secret } = await createToken(admin, {
      name: 'Site',
      kind: 'client',
      abilities: ['track'],
      expiresInDays: null,
    })
    const browser = await client
      .post('/api/growth/links')
      .bearerToken(secret)
      .json({ referrerId: 'u', loop: 'x' })
    browser.assertStatus(403)
    assert.equal(browser.body().error.code, 'server_token_required')
    assert.lengthOf(await db.from('referral_links'), 0)
  })
})
