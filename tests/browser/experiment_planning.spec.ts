import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

/** Every number input whose value its own min/step rules reject (what blocks htmx). */
const invalidInputs = () =>
  [...(globalThis as any).document.querySelectorAll('input')]
    .filter((input: any) => input.validity.stepMismatch || input.validity.rangeUnderflow)
    .map((input: any) => input.name)

test.group('Browser / experiment planning', (group) => {
  group.each.setup(resetDatabase)

  test('the calculator answers as soon as it opens, for rates and for means', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/experiments/calculator')
    assert.deepEqual(await page.evaluate(invalidInputs), [])
    await page.waitForSelector('#calculator-result [data-sample-size]', { timeout: 5_000 })
    await page.waitForSelector('#means-result [data-means-sample-size]', { timeout: 5_000 })
    assert.include(await page.locator('#calculator-result').innerText(), 'subjects per variant')
    assert.include(await page.locator('#means-result').innerText(), 'subjects per variant')
    const first = await page.getAttribute(
      '#calculator-result [data-sample-size]',
      'data-sample-size'
    )

    // Values between the arrows' steps are accepted too, and answered.
    await page.fill('#c-baseline', '12.5')
    await page.fill('#c-alpha', '0.01')
    await page.waitForFunction(
      (before) =>
        (globalThis as any).document
          .querySelector('#calculator-result [data-sample-size]')
          ?.getAttribute('data-sample-size') !== before,
      first
    )
    assert.deepEqual(await page.evaluate(invalidInputs), [])
  })

  test('the experiment form proposes its minimum sample from the power calculation', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/experiments/new')
    assert.deepEqual(await page.evaluate(invalidInputs), [])
    await page.waitForSelector('#sample-size-result [data-sample-size]', { timeout: 5_000 })
    const total = await page
      .locator('#sample-size-result [data-sample-total]')
      .getAttribute('data-sample-total')
    await page.waitForFunction(
      (expected) => (globalThis as any).document.querySelector('#f-min').value === expected,
      total
    )
    // Once typed in, the person's own minimum stays.
    await page.fill('#f-min', '5000')
    await page.fill('input[name="_mdePercent"]', '20')
    await page.waitForTimeout(1_000)
    assert.equal(await page.inputValue('#f-min'), '5000')
  })
})
