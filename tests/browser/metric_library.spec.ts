import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { generator } from '#tests/helpers/random'
import { seedSubjectValues } from '#tests/helpers/results'
import { changeExperimentStatus, forgetDefinitions, getExperiment } from '#services/experiments'
import { recomputeExperiment } from '#services/results'
import { SYSTEM_ACTOR } from '#services/accounts'

/** Spend after exposure follows spend before it; the treatment adds `lift`. */
function subjects(seed: number, lift: number) {
  const random = generator(seed)
  return Array.from({ length: 300 }, () => {
    const pre = Math.round(20 + random() * 80)
    return { pre, post: [Math.max(1, Math.round(pre + lift + (random() - 0.5) * 16))] }
  })
}

test.group('Browser / metric library', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('an admin defines a CUPED metric, builds an experiment from it and reads the adjusted result', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const library = await visit('/experiments/metrics/new')
    await library.getByLabel('Name', { exact: true }).fill('Spend per user')
    await library.getByLabel('Event', { exact: true }).fill('purchase')
    await library.getByLabel('Kind', { exact: true }).selectOption('sum')
    await library.getByLabel('Unit', { exact: true }).fill('€')
    await library.getByLabel('Use CUPED').check()
    await library.getByRole('button', { name: 'Add metric' }).click()
    await library.waitForURL(/\/experiments\/metrics$/)
    await library.assertTextContains('[data-metric-row="spend-per-user"]', 'sum · CUPED')

    const page = await visit('/experiments/new')
    await page.getByLabel('Name', { exact: true }).fill('Checkout copy')
    await page
      .getByLabel('Primary metric', { exact: true })
      .selectOption({ label: 'Spend per user (sum)' })
    // A library pick carries its own event: the inline fields step aside.
    assert.isTrue(await page.getByLabel('Primary metric event').isDisabled())
    // The 600 subjects below reach it: the page gives verdicts, not "not enough data".
    await page.getByLabel('Minimum sample (subjects, all variants)').fill('600')
    await page.getByRole('button', { name: 'Create draft' }).click()
    await page.waitForURL(/\/experiments\/\d+$/)
    const id = Number(/\/experiments\/(\d+)$/.exec(page.url())![1])

    const experiment = await changeExperimentStatus(await getExperiment(id), 'start', SYSTEM_ACTOR)
    await seedSubjectValues(experiment, { control: subjects(1, 0), treatment: subjects(2, 3) })
    await recomputeExperiment(await getExperiment(id), { computedBy: 'test' })

    const results = await visit(`/experiments/results/${id}`)
    const card = results.locator('[data-metric="primary:purchase"]')
    await card.locator('text=sum · CUPED').waitFor()
    assert.include(await card.textContent(), 'Adjusted absolute lift')
    assert.match(
      (await card.locator('[data-metric-note]').textContent())!,
      /CUPED-adjusted: the variance of Treatment’s lift is reduced by \d+(\.\d+)? % by the 14-day pre-exposure covariate\./
    )
    assert.include(
      await card.locator('[data-variant-result="treatment"]').textContent(),
      '▲ significant'
    )
  })
})
