import { test } from '@japa/runner'
import type { Page } from 'playwright'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { UserFactory } from '#database/factories/user_factory'
import DeflectionSeeder from '#database/seeders/deflection_seeder'
import { SYSTEM_ACTOR } from '#services/accounts'
import { installHelpCenterExperiment } from '#services/experiments'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { openTicket } from '#tests/helpers/support'

/**
 * Puts the visitor whose exposure the form just reported in one arm of the help-center
 * experiment (a stored assignment always wins), so each test knows what it should see.
 */
async function placeExposedVisitor(variant: 'holdout' | 'suggestions') {
  const experiment = await installHelpCenterExperiment(SYSTEM_ACTOR)
  const target = experiment.variants.find((v) => v.key === variant)!
  for (let i = 0; i < 100; i++) {
    const exposed = await db
      .from('experiment_assignments')
      .where('experiment_id', experiment.id)
      .whereNotNull('first_exposed_at')
    if (exposed.length === 1) {
      await db
        .from('experiment_assignments')
        .where('id', exposed[0].id)
        .update({ variant_id: target.id })
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the form never reported its exposure')
}

async function typeQuestion(page: Page) {
  await page.locator('#field-description').pressSequentially('my csv export spins', { delay: 20 })
}

test.group('Browser / deflection', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    await article('Why does my CSV export spin forever?', 'Large boards export in the background.')
  })

  test('an exposed visitor sees suggestions while typing; a holdout visitor sees none', async ({
    visit,
    assert,
  }) => {
    const shown = await visit('/help/tickets/new')
    await placeExposedVisitor('suggestions')
    await typeQuestion(shown)
    await shown.waitForSelector('[data-suggestions] a:has-text("CSV export spin")', {
      timeout: 5_000,
    })

    await db.from('experiment_assignments').delete()
    await shown.context().clearCookies()
    const held = await visit('/help/tickets/new')
    await placeExposedVisitor('holdout')
    const answered = held.waitForResponse((r) => r.url().includes('/help/suggestions'))
    await typeQuestion(held)
    await answered
    await held.waitForTimeout(300)
    assert.equal(await held.locator('[data-suggestions]').count(), 0)
  })

  test('on a phone the suggestions sit above the send button', async ({ browser, assert }) => {
    const context = await browser.newContext({
      baseURL: `http://${env.get('HOST')}:${env.get('PORT')}`,
      viewport: { width: 390, height: 844 },
    })
    const page = await context.newPage()
    await page.goto('/help/tickets/new')
    await placeExposedVisitor('suggestions')
    await typeQuestion(page)
    await page.waitForSelector('[data-suggestions]', { timeout: 5_000 })
    const suggestions = (await page.locator('[data-suggestions]').boundingBox())!
    const send = (await page.locator('button:has-text("Send request")').boundingBox())!
    const description = (await page.locator('#field-description').boundingBox())!
    assert.isAbove(suggestions.y, description.y, 'below the text being typed')
    assert.isBelow(suggestions.y + suggestions.height, send.y + 1, 'above the send button')
    await context.close()
  })

  test('the Deflection report renders the seeded history', async ({
    visit,
    browserContext,
    assert,
  }) => {
    for (const question of [
      'How do I reset my password?',
      'Where do I download my invoices?',
      'How do I invite a teammate?',
    ]) {
      await article(question, 'An answer.')
    }
    await openTicket()
    await new DeflectionSeeder(db.connection()).run()
    await browserContext.loginAs(await UserFactory.create())
    const page = await visit('/knowledge/reports/deflection')
    const headline = await page.locator('[data-tickets-avoided]').innerText()
    assert.match(headline, /^\d+\.\d \(95 % CI -?\d+\.\d to \d+\.\d\)$/)
    assert.isAtLeast(await page.locator('[data-deflection-weeks] tbody tr').count(), 4)
    assert.isAtLeast(await page.locator('[data-deflection-articles] tbody tr').count(), 4)
    assert.isAtLeast(await page.locator('[data-rewrite]').count(), 1, 'an article to rewrite')
    assert.isAtLeast(
      await page.locator('[data-deflection-gaps] tbody tr').count(),
      1,
      'a content gap'
    )
    await page.assertTextContains('[data-deflection-terms]', 'clears cookies')
    assert.notInclude(await page.content(), 'NaN')
  })
})
