import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken, SAMPLE_EXPERIMENT } from '#tests/helpers/api'
import { defaultCategories } from '#tests/helpers/knowledge'

const TICKET = {
  title: 'Cannot export my invoices',
  description: 'The export button spins forever on the billing page.',
  contact_email: 'dana@example.com',
  contact_name: 'Dana Scully',
}

const fieldsOf = (response: { body(): any }) =>
  response.body().error.fields.map((field: { field: string }) => field.field)

test.group('Input that cannot name a row is a 404', (group) => {
  group.each.setup(resetDatabase)

  test('ticket {$self} is not found, not an error')
    .with(['2147483648', '99999999999999999999', '1e3', '0', '-1', 'abc', '%00'])
    .run(async ({ client }, id) => {
      const { token } = await apiToken(['support'])
      const response = await client.get(`/api/tickets/${id}`).bearerToken(token)
      response.assertStatus(404)
      response.assertBodyContains({ error: { code: 'not_found' } })
    })

  test('pages with an id out of range are not found: {$self}')
    .with([
      '/experiments/flags/2147483648/edit',
      '/experiments/results/2147483648/panel',
      '/admin/notifications/2147483648/preview',
      '/knowledge/99999999999/edit',
      '/tickets/2147483648',
    ])
    .run(async ({ client }, path) => {
      const admin = await UserFactory.apply('admin').create()
      const response = await client.get(path).loginAs(admin)
      response.assertStatus(404)
    })

  test('an experiment key that looks like a huge id is looked up as a key', async ({ client }) => {
    const { token } = await apiToken(['manage'])
    const response = await client.get('/api/experiments/99999999999').bearerToken(token)
    response.assertStatus(404)
  })

  test('a help-center category slug with NUL or beyond its column is not found: {$self}')
    .with(['%00', 'faq%00', 'a'.repeat(61)])
    .run(async ({ client }, slug) => {
      await defaultCategories()
      const response = await client.get(`/help/categories/${slug}`)
      response.assertStatus(404)
    })
})

test.group('Text that cannot be stored is a 422 naming the field', (group) => {
  group.each.setup(resetDatabase)

  test('a NUL character in a JSON field', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const response = await client
      .post('/api/tickets')
      .bearerToken(token)
      .json({ ...TICKET, title: 'Export\u0000 broken' })
    response.assertStatus(422)
    assert.deepEqual(fieldsOf(response), ['title'])
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('a lone surrogate in an email address', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const response = await client
      .post('/api/tickets')
      .bearerToken(token)
      .json({ ...TICKET, contact_email: 'dana\ud800@example.com' })
    response.assertStatus(422)
    assert.deepEqual(fieldsOf(response), ['contact_email'])
  })

  test('a NUL character in a search query', async ({ client, assert }) => {
    const response = await client.get('/api/faqs/suggestions?q=%00').accept('json')
    response.assertStatus(422)
    assert.deepEqual(fieldsOf(response), ['q'])
  })

  test('a NUL character in a help-center search sends the visitor back with the error', async ({
    client,
  }) => {
    const response = await client
      .get('/help/search?q=refund%00')
      .header('referer', '/help')
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/help')
    response.assertFlashMessage('inputErrorsBag', {
      q: ['Text may not contain NUL characters or unpaired surrogates'],
    })
  })

  test('a form field with a NUL character keeps the form and names the field', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/help/tickets')
      .header('referer', '/help/tickets/new')
      .form({
        title: 'Refund',
        description: 'Please refund order\u0000 42',
        email: 'dana@example.com',
        name: 'Dana',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/help/tickets/new')
    assert.lengthOf(await Ticket.all(), 0)
  })
})

test.group('Live subscriptions with a malformed body', (group) => {
  group.each.setup(resetDatabase)

  test('{name} is a 422 naming the field')
    .with([
      { name: 'a missing channel', body: { uid: 'some-uid' }, field: 'channel' },
      {
        name: 'a channel that is not text',
        body: { uid: 'some-uid', channel: 42 },
        field: 'channel',
      },
      {
        name: 'a uid that is not text',
        body: { uid: ['a'], channel: 'admin/users' },
        field: 'uid',
      },
    ])
    .run(async ({ client, assert }, { body, field }) => {
      const admin = await UserFactory.apply('admin').create()
      const response = await client
        .post('/__transmit/subscribe')
        .json(body)
        .accept('json')
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(422)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field
      )
    })
})

test.group('Two creates that race for one unique key', (group) => {
  group.each.setup(resetDatabase)

  test('one wins; the others get a 422 on the key, never a 500', async ({ client, assert }) => {
    const { token } = await apiToken(['manage'])
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post('/api/experiments').bearerToken(token).json(SAMPLE_EXPERIMENT)
      )
    )
    const statuses = answers.map((answer) => answer.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1)
    assert.deepEqual(
      statuses.filter((status) => status !== 201),
      Array(19).fill(422)
    )
    for (const answer of answers.filter((a) => a.status() === 422)) {
      assert.include(fieldsOf(answer), 'key')
    }
  })
})
