import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'
import { assign } from '#services/experiments/assignment_service'
import { definitions } from '#services/experiments/definitions'

test.group('Browser / experiments admin', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('an admin creates an experiment with the form and starts it', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/experiments/new')
    await page.getByLabel('Name', { exact: true }).fill('Pricing headline')
    await page.getByLabel('Primary metric event').fill('subscribed')

    // The weight total is checked live; the submit button waits for 100 %.
    await page.locator('input[name="variants[0][weightPercent]"]').fill('70')
    await page.assertTextContains('[data-weight-total]', 'must be 100 %')
    assert.isTrue(await page.getByRole('button', { name: 'Create draft' }).isDisabled())
    await page.getByRole('button', { name: 'Split evenly' }).click()
    await page.assertTextContains('[data-weight-total]', '100.00 %')

    await page.getByRole('button', { name: 'Add condition' }).click()
    await page.getByLabel('Attribute').fill('country')
    await page.getByLabel('Operator').selectOption('in')
    await page.getByLabel('Value').fill('DE, FR')
    await page.getByRole('button', { name: 'Create draft' }).click()

    await page.waitForURL(/\/experiments\/\d+$/)
    await page.assertTextContains('h1', 'Pricing headline')
    await page.assertTextContains('[data-status]', 'draft')
    const stored = await db.from('experiments').where('key', 'pricing-headline').firstOrFail()
    assert.deepEqual(stored.targeting, { attribute: 'country', op: 'in', value: ['DE', 'FR'] })

    await page.locator('[data-lifecycle=start]').click()
    await page.locator('dialog[open]').getByRole('button', { name: 'Start experiment' }).click()
    await page.assertTextContains('.alert.success', 'Experiment started.')
    await page.assertTextContains('[data-status]', 'running')
    await page.assertTextContains('[data-audit-action=start]', 'start')
  })

  test('assignment counts on an open experiment page update by themselves', async ({
    visit,
    browserContext,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const experiment = await runningExperiment()
    const page = await visit(`/experiments/${experiment.id}`)
    await page.waitForSelector('#experiment-assignments[data-live-subscribed="true"]', {
      timeout: 15_000,
    })
    const all = await definitions()
    await assign({ userId: '42', attributes: {} }, [all.experimentsById.get(experiment.id)!])
    await page.waitForFunction(
      () => {
        const cells = [...(globalThis as any).document.querySelectorAll('[data-assigned]')]
        return (
          cells.reduce(
            (sum: number, cell: any) => sum + Number(cell.textContent.replace(/,/g, '')),
            0
          ) === 1
        )
      },
      undefined,
      { timeout: 10_000 }
    )
  })
})

test.group('Browser / the @experiment Edge tag', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('a visitor sees a stable variant across reloads and is exposed exactly once', async ({
    visit,
    assert,
  }) => {
    await runningExperiment({
      key: 'login-headline',
      unit: 'visitor',
      variants: [
        { key: 'control', name: 'Sign in', weight: 0.5, isControl: true },
        { key: 'welcome', name: 'Welcome back', weight: 0.5 },
      ],
    })
    const page = await visit('/login')
    const first = await page.locator('h1').textContent()
    assert.oneOf(first, ['Sign in', 'Welcome back'])
    for (let i = 0; i < 3; i++) {
      await page.reload()
      assert.equal(await page.locator('h1').textContent(), first)
    }
    const rows = await db.from('experiment_assignments')
    assert.lengthOf(rows, 1)
    assert.isNotNull(rows[0].first_exposed_at)
    const cookies = await page.context().cookies()
    const cookie = cookies.find((c) => c.name === 'bcn_vid')
    assert.isDefined(cookie)
    assert.isTrue(cookie!.httpOnly)
    assert.isAbove(cookie!.expires, Date.now() / 1000 + 360 * 86_400)
  })
})
