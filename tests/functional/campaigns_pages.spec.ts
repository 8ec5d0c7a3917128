import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { makeContacts } from '#tests/helpers/campaigns'
import { workQueueUntil } from '#tests/helpers/notifications'
import { UserFactory } from '#database/factories/user_factory'

test.group('Campaign pages', (group) => {
  group.each.setup(() => resetDatabase())

  test('create flow: previews with the SMS counter, draft, send, live results, manual winner', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const ids = await makeContacts(3, { firstName: 'Ana' })
    const form = await client.get('/campaigns/new').loginAs(admin)
    form.assertStatus(200)
    form.assertTextIncludes('Preview for')

    const preview = await client
      .post('/campaigns/preview')
      .loginAs(admin)
      .withCsrfToken()
      .header('HX-Request', 'true')
      .form({
        channel: 'sms',
        variant: 'a',
        template_a: 'Hi {first_name|there} 🎉 {plan}',
        preview_contact: ids[0],
      })
    preview.assertStatus(200)
    preview.assertTextIncludes('Hi Ana 🎉 {plan}')
    preview.assertTextIncludes('UCS-2')
    preview.assertTextIncludes('Unknown placeholder: {plan}')

    const typo = await client.post('/campaigns').loginAs(admin).withCsrfToken().redirects(0).form({
      name: 'Spring',
      channel: 'sms',
      split_ratio: 50,
      template_a: 'Hi {frist_name}',
      template_b: 'B',
      mode: 'split',
      winner_metric: 'reply',
    })
    typo.assertStatus(302)
    assert.equal(
      await db
        .from('campaigns')
        .count('* as n')
        .first()
        .then((r) => Number(r.n)),
      0
    )

    const saved = await client.post('/campaigns').loginAs(admin).withCsrfToken().redirects(0).form({
      name: 'Spring',
      channel: 'sms',
      split_ratio: 50,
      template_a: 'Hi {first_name}',
      template_b: 'Hello {first_name}',
      mode: 'split',
      winner_metric: 'reply',
    })
    saved.assertStatus(302)
    const campaign = await db.from('campaigns').firstOrFail()
    const draft = await client.get(`/campaigns/${campaign.id}`).loginAs(admin)
    draft.assertStatus(200)
    draft.assertTextIncludes('Send now')

    // Recipients come from the API or an audience; here straight from the face's data.
    const { addRecipients, getCampaign } = await import('#services/campaigns')
    await addRecipients(await getCampaign(campaign.id), ids)
    const sent = await client
      .post(`/campaigns/${campaign.id}/send`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    sent.assertStatus(302)
    await workQueueUntil(async () => {
      const left = await db
        .from('campaign_messages')
        .whereIn('status', ['queued', 'sending'])
        .first()
      return !left
    })
    const panel = await client
      .get(`/campaigns/${campaign.id}/results`)
      .loginAs(admin)
      .header('HX-Request', 'true')
    panel.assertStatus(200)
    panel.assertTextIncludes('Insufficient sample')

    // The recipient's contact page lists the campaign, their variant and their message.
    const variant = await db.from('campaign_messages').where('contact_id', ids[0]).firstOrFail()
    const contactPage = await client.get(`/contacts/${ids[0]}`).loginAs(admin)
    contactPage.assertStatus(200)
    contactPage.assertTextIncludes('Spring')
    contactPage.assertTextIncludes(`<td>${variant.variant_key}</td>`)
    contactPage.assertTextIncludes('<td>Sent</td>')
    assert.notInclude(contactPage.text(), 'No campaign has been sent to this contact.')

    const list = await client.get('/campaigns').loginAs(admin)
    list.assertStatus(200)
    list.assertTextIncludes('Spring')

    const winner = await client
      .post(`/campaigns/${campaign.id}/winner`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
      .form({ winner: 'B', override_reason: 'Friendlier tone' })
    winner.assertStatus(302)
    const page = await client.get(`/campaigns/${campaign.id}`).loginAs(admin)
    page.assertTextIncludes('Winner: B')
    page.assertTextIncludes('Friendlier tone')
    const csv = await client.get(`/campaigns/${campaign.id}/export.csv`).loginAs(admin)
    csv.assertStatus(200)
    assert.match(csv.text(), /^variant,recipients,messages_sent/)
  }).timeout(60_000)

  test('the kill switch keeps queued messages until sending resumes', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    await client.post('/campaigns/pause').loginAs(admin).withCsrfToken().redirects(0)
    const page = await client.get('/campaigns').loginAs(admin)
    page.assertTextIncludes('Sending is paused')
    const { sendDueMessages } = await import('#services/campaigns')
    assert.equal(await sendDueMessages('sms'), 0)
    await client.post('/campaigns/resume').loginAs(admin).withCsrfToken().redirects(0)
    const resumed = await client.get('/campaigns').loginAs(admin)
    resumed.assertTextIncludes('Sending is on')
  })
})
