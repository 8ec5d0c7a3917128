import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { helpCenterDefinition, visitorsByArm } from '#tests/helpers/help_center'
import { openTicket } from '#tests/helpers/support'
import { UserFactory } from '#database/factories/user_factory'
import { SYSTEM_ACTOR } from '#services/accounts'
import {
  changeExperimentStatus,
  forgetDefinitions,
  getExperiment,
  installHelpCenterExperiment,
  SUPPORT_TICKETS_EVENT,
  updateExperiment,
} from '#services/experiments'
import { recomputeExperiment } from '#services/results'
import { changeTicketStatus, getTicket as findTicketByNumber, rateTicket } from '#services/support'

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36'

/** Waits for bookkeeping that runs after a commit (support outcomes) to land. */
async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 40))
  }
  throw new Error('the expected rows never appeared')
}

async function eventCount(name: string) {
  const [row] = await db.from('experiment_events').where('event_name', name).count('* as n')
  return Number(row.n)
}

test.group('Deflection / the help-center experiment', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    await article('How do I export my board to CSV?', 'Open the board menu and pick Export.')
    await article('Why does my CSV export spin forever?', 'Large boards export in the background.')
  })

  test('holdout visitors never get suggestions; the holdout share matches the setting', async ({
    client,
    assert,
  }) => {
    const { holdout, shown } = await visitorsByArm(4000)
    const holdoutShare = holdout.length / (holdout.length + shown.length)
    assert.closeTo(holdoutShare, 0.1, 0.03, `holdout share ${holdoutShare}`)

    const suggest = (visitor: string) =>
      client
        .get('/help/suggestions')
        .qs({ description: 'my csv export spins' })
        .withCookie('bcn_vid', visitor)
        .header('HX-Request', 'true')
    for (const visitor of holdout.slice(0, 15)) {
      const response = await suggest(visitor)
      assert.oneOf(response.status(), [200, 204])
      assert.notInclude(response.text(), 'data-suggestions', `holdout ${visitor} got suggestions`)
    }
    for (const visitor of shown.slice(0, 15)) {
      const response = await suggest(visitor)
      assert.include(response.text(), 'Why does my CSV export spin forever?')
    }
  })

  test('while the experiment is paused the holdout gets suggestions too', async ({
    client,
    assert,
  }) => {
    const { holdout } = await visitorsByArm(200)
    const experiment = await helpCenterDefinition()
    await changeExperimentStatus(await getExperiment(experiment.id), 'pause', SYSTEM_ACTOR, {
      reason: 'test',
    })
    forgetDefinitions()
    const response = await client
      .get('/help/suggestions')
      .qs({ description: 'my csv export spins' })
      .withCookie('bcn_vid', holdout[0])
      .header('HX-Request', 'true')
    assert.include(response.text(), 'Why does my CSV export spin forever?')
  })

  test('the holdout share is validated (1–50 %)', async ({ assert }) => {
    const experiment = await helpCenterDefinition()
    const stored = await getExperiment(experiment.id)
    const variants = stored.variants.map((v) => ({
      key: v.key,
      name: v.name,
      isControl: v.isControl,
      config: v.config,
      weight: v.isControl ? 0.6 : 0.4,
    }))
    const error = await updateExperiment(stored, { variants }, SYSTEM_ACTOR).catch((e) => e)
    assert.deepInclude(
      error.messages.map((m: { rule: string }) => m.rule),
      'holdout_share'
    )
  })

  test('only a browser that runs the page script is exposed', async ({ client, assert }) => {
    const { shown } = await visitorsByArm(50)
    const [person, crawler] = shown
    const exposedAt = async (visitor: string) => {
      const row = await db.from('experiment_assignments').where('subject_id', visitor).first()
      return row?.first_exposed_at ?? null
    }

    // Rendering the form (a prefetch, a HEAD, a browser without JavaScript) exposes nobody.
    const page = await client
      .get('/help/tickets/new')
      .withCookie('bcn_vid', person)
      .header('user-agent', BROWSER)
    page.assertStatus(200)
    assert.include(page.text(), 'data-help-exposure')
    await client.head('/help/tickets/new').withCookie('bcn_vid', person)
    assert.isNull(await exposedAt(person))

    const report = (visitor: string, agent: string) =>
      client
        .post('/help/exposure')
        .withCookie('bcn_vid', visitor)
        .withCsrfToken()
        .header('user-agent', agent)
        .header('HX-Request', 'true')
    const bot = await report(crawler, 'Mozilla/5.0 (compatible; Googlebot/2.1)')
    bot.assertStatus(204)
    assert.isNull(await exposedAt(crawler))
    const browser = await report(person, BROWSER)
    browser.assertStatus(204)
    assert.isNotNull(await exposedAt(person))
  })

  test('events are recorded once, and a ticket links the visitor to its CSAT and reopen', async ({
    client,
    assert,
  }) => {
    const { shown } = await visitorsByArm(50)
    const visitor = shown[0]
    const faqs = await db.from('faqs').orderBy('id').select('id')
    for (let i = 0; i < 3; i++) {
      await client
        .get('/help/suggestions')
        .qs({ description: 'my csv export spins' })
        .withCookie('bcn_vid', visitor)
        .header('HX-Request', 'true')
    }
    assert.equal(await eventCount('suggestion_shown'), 2, 'once per article, not per keystroke')
    assert.equal(await eventCount('suggestion_matched'), 2)

    await client
      .get(`/help/articles/${faqs[1].id}`)
      .qs({ from: 'suggestion' })
      .withCookie('bcn_vid', visitor)
    await client
      .get(`/help/articles/${faqs[1].id}`)
      .qs({ from: 'suggestion' })
      .withCookie('bcn_vid', visitor)
    assert.equal(await eventCount('suggestion_clicked'), 1)
    assert.equal(await eventCount('article_viewed'), 1)

    const submit = () =>
      client
        .post('/help/tickets')
        .form({
          title: 'Export spins',
          description: 'My CSV export spins forever.',
          priority: 'medium',
          email: 'Dana@Example.com',
          submission_key: randomUUID(),
        })
        .withCookie('bcn_vid', visitor)
        .withCsrfToken()
    await submit()
    assert.equal(await eventCount('ticket_submitted'), 1)
    const [submitted] = await db.from('experiment_events').where('event_name', 'ticket_submitted')
    assert.equal(submitted.subject_id, visitor)
    assert.equal(submitted.properties.email, 'dana@example.com')

    const ticket = await findTicketByNumber(submitted.properties.ticketNumber)
    await changeTicketStatus(ticket, 'resolved', SYSTEM_ACTOR)
    await rateTicket(ticket, 4, null)
    await eventually(async () => (await eventCount('csat')) === 1)
    await changeTicketStatus(ticket, 'in_progress', SYSTEM_ACTOR)
    await eventually(async () => (await eventCount('ticket_reopened')) === 1)
    const outcomes = await db
      .from('experiment_events')
      .whereIn('event_name', ['csat', 'ticket_reopened'])
      .select('subject_id', 'value')
    assert.deepEqual(
      outcomes.map((o) => o.subject_id),
      [visitor, visitor]
    )
  })
})

test.group('Deflection / support tickets as a guardrail', (group) => {
  group.each.setup(() => resetDatabase())

  test('a product experiment that raises support tickets loses its winner', async ({ assert }) => {
    const product = await runningExperiment({
      key: 'new-checkout',
      autoWinner: true,
      minimumSampleSize: 1000,
      guardrailMetrics: [
        { event: SUPPORT_TICKETS_EVENT, kind: 'conversion', higherIsBetter: false },
      ],
    })
    // A clear win on the primary metric (subjects are the customers' emails)…
    await seedResults(product, {
      control: { subjects: 2000, converters: 200 },
      treatment: { subjects: 2000, converters: 300 },
    })
    await db
      .from('experiment_assignments')
      .where('experiment_id', product.id)
      .update({ subject_id: db.raw(`subject_id || '@example.com'`) })
    await db
      .from('experiment_events')
      .where('experiment_id', product.id)
      .update({ subject_id: db.raw(`subject_id || '@example.com'`) })
    // …but the treatment's customers write to support (60 against 5).
    const writers = [
      ...Array.from({ length: 60 }, (_, i) => `treatment-${i}@example.com`),
      ...Array.from({ length: 5 }, (_, i) => `control-${i}@example.com`),
    ]
    for (const email of writers) await openTicket({ email })
    await eventually(async () => (await eventCount(SUPPORT_TICKETS_EVENT)) === writers.length)
    // The events settled an hour ago, after the exposures.
    await db
      .from('experiment_events')
      .where('event_name', SUPPORT_TICKETS_EVENT)
      .update({
        occurred_at: new Date(Date.now() - 90 * 60_000),
        received_at: new Date(Date.now() - 3_600_000),
      })

    const report = await recomputeExperiment(await getExperiment(product.id), {
      computedBy: 'test',
    })
    assert.isUndefined(report.autoWinner)
    const after = await getExperiment(product.id)
    assert.equal(after.status, 'running', 'the tickets guardrail blocks the winner')
    const snapshot = await db.from('experiment_results').where('experiment_id', product.id).first()
    assert.deepInclude(snapshot.payload.guardrailHarm, {
      metric: SUPPORT_TICKETS_EVENT,
      variant: 'treatment',
    })
  })

  test('agents see the Deflection report with "no data" before any visitor', async ({
    client,
    assert,
  }) => {
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    const agent = await UserFactory.create()
    const response = await client.get('/knowledge/reports/deflection').loginAs(agent)
    response.assertStatus(200)
    assert.include(response.text(), 'no data')
    assert.notInclude(response.text(), 'NaN')
    const csv = await client.get('/knowledge/reports/deflection.csv').loginAs(agent)
    csv.assertStatus(200)
    assert.match(csv.text(), /^section,key,visitors_holdout/)
  })
})
