import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { withDatabaseOutage } from '#tests/helpers/outage'
import { UserFactory } from '#database/factories/user_factory'
import { openTicket } from '#tests/helpers/support'
import { preferencesFor } from '#services/notifications'
import { article, defaultCategories } from '#tests/helpers/knowledge'

const TICKET = {
  title: 'Password reset issue',
  description: 'I cannot reset my password using the forgot password link',
  priority: 'high',
  contact_email: 'john.doe@example.com',
}

test.group('Seed 004 / the help desk contract', (group) => {
  group.each.setup(() => resetDatabase())

  test('GET /api/health answers as the seed shows, without a token', async ({ client }) => {
    const response = await client.get('/api/health')
    response.assertStatus(200)
    response.assertBody({ status: 'OK', message: 'Support API is running' })
  })

  test('GET /api/health answers 503 while the database is down', async ({ client, assert }) => {
    await withDatabaseOutage(async () => {
      const response = await client.get('/api/health')
      response.assertStatus(503)
      assert.equal(response.body().status, 'UNAVAILABLE')
    })
  })

  test('PUT /api/tickets/{id} takes "in-progress" and "notes" as the seed sends them', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const created = await client.post('/api/tickets').bearerToken(token).json(TICKET)
    const id = created.body().id

    const started = await client
      .put(`/api/tickets/${id}`)
      .bearerToken(token)
      .json({ status: 'in-progress', notes: 'Started working on this issue' })
    started.assertStatus(200)
    assert.equal(started.body().status, 'in_progress')

    const resolved = await client
      .put(`/api/tickets/${id}`)
      .bearerToken(token)
      .json({ status: 'resolved', notes: 'Issue resolved successfully' })
    resolved.assertStatus(200)

    const history = await client.get(`/api/tickets/${id}/history`).bearerToken(token)
    assert.deepEqual(
      history
        .body()
        .map((row: { new_status: string; note: string | null }) => [row.new_status, row.note]),
      [
        ['new', null],
        ['in_progress', 'Started working on this issue'],
        ['resolved', 'Issue resolved successfully'],
      ]
    )

    const wrong = await client.put(`/api/tickets/${id}`).bearerToken(token).json({ status: 'done' })
    wrong.assertStatus(422)
  })

  test('staff see and change the customer’s notification preferences from the ticket page, SMS included', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ email: 'dana@example.com' })
    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes('data-customer-preferences')
    page.assertTextIncludes('(the defaults: nothing stored yet)')
    assert.match(page.text(), /id="customer-email-enabled"[^>]*checked/)
    assert.notMatch(page.text(), /id="customer-sms-enabled"[^>]*checked/)

    const saved = await client
      .put(`/tickets/${ticket.number}/preferences`)
      .form({ sms_enabled: 'true', frequency: 'weekly', language: 'es' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    saved.assertStatus(200)
    saved.assertTextIncludes('Preferences saved.')
    assert.match(saved.text(), /id="customer-sms-enabled"[^>]*checked/)
    assert.notMatch(saved.text(), /id="customer-email-enabled"[^>]*checked/)
    assert.containsSubset(await preferencesFor('dana@example.com'), {
      emailEnabled: false,
      smsEnabled: true,
      frequency: 'weekly',
      language: 'es',
    })

    // The seed's preferences API reads and writes the same setting.
    const { token } = await apiToken(['support'])
    const read = await client.get('/api/preferences/dana@example.com').bearerToken(token)
    assert.containsSubset(read.body(), { sms_notifications: true, email_notifications: false })
    const written = await client
      .post('/api/preferences')
      .bearerToken(token)
      .json({ email: 'dana@example.com', sms_notifications: false })
    written.assertStatus(200)
    assert.isFalse(written.body().sms_notifications)

    const refused = await client
      .put(`/tickets/${ticket.number}/preferences`)
      .form({ frequency: 'hourly', language: 'xx' })
      .redirects(0)
      .loginAs(agent)
      .withCsrfToken()
    refused.assertStatus(302)
    assert.includeMembers(Object.keys(refused.flashMessages().inputErrorsBag), [
      'frequency',
      'language',
    ])
    const unchanged = await preferencesFor('dana@example.com')
    assert.equal(unchanged.frequency, 'weekly')
  })
})

test.group('Seed 004 / colour-coded category badges', (group) => {
  group.each.setup(() => resetDatabase())

  test('each category has its own colour, the same on agent and public pages', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const categories = await defaultCategories()
    for (const category of categories) {
      await article(`How does ${category.name.toLowerCase()} work?`, 'Like this.', {
        category: category.slug,
      })
    }
    const badges = (html: string) =>
      Object.fromEntries(
        [...html.matchAll(/class="badge (cat-\d)"[^>]*data-category-badge>([^<]+)</g)].map(
          (match) => [match[2].trim(), match[1]]
        )
      )

    const agentPage = await client.get('/knowledge').loginAs(agent)
    const onAgentPage = badges(agentPage.text())
    assert.sameMembers(Object.keys(onAgentPage), ['General', 'Account', 'Technical', 'Billing'])
    assert.lengthOf(new Set(Object.values(onAgentPage)), 4, 'four different colours')

    const help = await client.get('/help')
    assert.deepEqual(badges(help.text()), onAgentPage)
    const billing = categories.find((category) => category.slug === 'billing')!
    const faq = await billing.related('faqs').query().firstOrFail()
    const articlePage = await client.get(`/help/articles/${faq.id}`)
    assert.deepEqual(badges(articlePage.text()), { Billing: onAgentPage.Billing })
  })
})
