import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { helpCenterDefinition, visitorsByArm } from '#tests/helpers/help_center'
import { openTicket, portalPath } from '#tests/helpers/support'
import { SYSTEM_ACTOR } from '#services/accounts'
import { getExperiment, installHelpCenterExperiment, updateExperiment } from '#services/experiments'
import { UserFactory } from '#database/factories/user_factory'

/**
 * Who the help-center experiment measures and what it may refuse: the holdout gets no
 * results while typing from the server itself, a customer known by a signed link is
 * assigned by their email, and a started experiment keeps its split.
 */
test.group('Deflection / visitors and the holdout', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    await article('How do I export my board to CSV?', 'Open the board menu and pick Export.')
  })

  test('search as you type answers a holdout visitor with nothing; a submitted search finds', async ({
    client,
    assert,
  }) => {
    const { holdout, shown } = await visitorsByArm(300)
    const typed = (visitor: string) =>
      client
        .get('/help/search')
        .qs({ q: 'export board csv' })
        .withCookie('bcn_vid', visitor)
        .header('HX-Request', 'true')
    for (const visitor of holdout.slice(0, 5)) {
      const response = await typed(visitor)
      response.assertStatus(200)
      assert.notInclude(response.text(), '/help/articles/')
    }
    const exposedSearch = await typed(shown[0])
    assert.include(exposedSearch.text(), '/help/articles/')

    // The holdout's box is a plain form: it searches when sent, and then finds.
    const page = await client.get('/help').withCookie('bcn_vid', holdout[0])
    assert.notInclude(page.text(), 'hx-get="/help/search"')
    const submitted = await client
      .get('/help')
      .qs({ q: 'export board csv' })
      .withCookie('bcn_vid', holdout[0])
    assert.include(submitted.text(), 'best match for')
  })

  test('a customer known by a signed ticket link is assigned by email, linked to the visitor', async ({
    client,
    assert,
  }) => {
    const { shown } = await visitorsByArm(20)
    const visitor = shown[0]
    const ticket = await openTicket({ email: 'Dana@Example.com' })
    const link = await client.get(portalPath(ticket)).withCookie('bcn_vid', visitor)
    link.assertStatus(200)

    // The same browser, now exposed on the ticket form: the subject is the email.
    const session = link.cookies()
    let exposure = client
      .post('/help/exposure')
      .withCookie('bcn_vid', visitor)
      .withCsrfToken()
      .header('HX-Request', 'true')
    for (const [name, cookie] of Object.entries(session)) {
      if (name !== 'bcn_vid') exposure = exposure.withCookie(name, cookie.value)
    }
    const exposed = await exposure
    exposed.assertStatus(204)
    const byEmail = await db
      .from('experiment_assignments')
      .where('subject_id', 'dana@example.com')
      .first()
    assert.isNotNull(byEmail?.first_exposed_at, 'the email is the exposed subject')

    const [linked] = await db.from('experiment_events').where('event_name', 'visitor_identified')
    assert.equal(linked.subject_id, visitor)
    assert.equal(linked.properties.email, 'dana@example.com')
  })

  test('a running help-center experiment keeps its holdout share, and says why', async ({
    assert,
  }) => {
    const experiment = await helpCenterDefinition()
    const stored = await getExperiment(experiment.id)
    const variants = stored.variants.map((v) => ({
      key: v.key,
      name: v.name,
      isControl: v.isControl,
      config: v.config,
      weight: v.isControl ? 0.2 : 0.8,
    }))
    const error = await updateExperiment(stored, { variants }, SYSTEM_ACTOR).catch((e) => e)
    const [message] = error.messages
    assert.equal(message.rule, 'frozen')
    assert.include(message.message, 'holdout share and variants are frozen')
    const after = await getExperiment(experiment.id)
    assert.deepEqual(
      after.variants.map((v) => v.weight),
      [0.1, 0.9]
    )
  })
})

test.group('Deflection / the report states its interval', (group) => {
  group.each.setup(() => resetDatabase())

  test('the report says its interval is not variance-reduced, and why', async ({
    client,
    assert,
  }) => {
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    const agent = await UserFactory.create()
    const response = await client.get('/knowledge/reports/deflection').loginAs(agent)
    response.assertStatus(200)
    assert.include(response.text(), 'not narrowed by CUPED')
  })
})
