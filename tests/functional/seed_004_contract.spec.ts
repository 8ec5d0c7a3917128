import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { withDatabaseOutage } from '#tests/helpers/outage'

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
})
