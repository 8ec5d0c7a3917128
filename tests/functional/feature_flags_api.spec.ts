import { test } from '@japa/runner'
import { OpenFeature } from '@openfeature/server-sdk'
import { OFREPProvider } from '@openfeature/ofrep-provider'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'
import { createFlag } from '#services/experiments/flag_service'
import { SYSTEM_ACTOR } from '#services/accounts'
import env from '#start/env'

async function seedFlags() {
  await createFlag(
    {
      key: 'new_dashboard_layout',
      name: 'New dashboard',
      type: 'boolean',
      enabled: true,
      defaultValue: false,
      rules: [
        {
          targeting: { attribute: 'userType', op: 'eq', value: 'investor' },
          rollout: 100,
          value: true,
        },
      ],
    },
    SYSTEM_ACTOR
  )
  await createFlag(
    {
      key: 'max_upload_mb',
      name: 'Upload limit',
      type: 'number',
      enabled: true,
      defaultValue: 25,
      rules: [],
    },
    SYSTEM_ACTOR
  )
  await createFlag(
    {
      key: 'widget_theme',
      name: 'Widget theme',
      type: 'json',
      enabled: false,
      defaultValue: { color: 'blue' },
    },
    SYSTEM_ACTOR
  )
  forgetDefinitions()
}

test.group('Feature flags API (Pitchey shape)', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('evaluates rules, reports defaults and unknown flags', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate'])
    await seedFlags()
    const investor = await client
      .post('/api/experiments/feature-flag')
      .bearerToken(token)
      .json({
        flagKey: 'new_dashboard_layout',
        defaultValue: false,
        userContext: { userId: 123, userType: 'investor' },
      })
    investor.assertBody({
      success: true,
      data: {
        flagKey: 'new_dashboard_layout',
        value: true,
        defaultValue: false,
        reason: 'rule_match',
      },
    })
    const creator = await client
      .post('/api/experiments/feature-flag')
      .bearerToken(token)
      .json({
        flagKey: 'new_dashboard_layout',
        defaultValue: false,
        userContext: { userId: 124, userType: 'creator' },
      })
    assert.equal(creator.body().data.value, false)
    const unknown = await client
      .post('/api/experiments/feature-flag')
      .bearerToken(token)
      .json({ flagKey: 'nope', defaultValue: 'fallback', userContext: { userId: 1 } })
    assert.deepInclude(unknown.body().data, { value: 'fallback', reason: 'flag_not_found' })
    const off = await client
      .post('/api/experiments/feature-flag')
      .bearerToken(token)
      .json({ flagKey: 'widget_theme', userContext: { userId: 1 } })
    assert.deepInclude(off.body().data, { value: { color: 'blue' }, reason: 'disabled' })
  })

  test('a flag linked to an experiment gives each subject its variant config', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    await runningExperiment({
      variants: [
        {
          key: 'control',
          name: 'Buy now',
          weight: 0.5,
          isControl: true,
          config: { buttonText: 'Buy now' },
        },
        {
          key: 'complete',
          name: 'Complete',
          weight: 0.5,
          config: { buttonText: 'Complete purchase' },
        },
      ],
    })
    await createFlag(
      {
        key: 'checkout_button_text',
        name: 'Checkout text',
        type: 'string',
        enabled: true,
        defaultValue: 'Buy',
        experimentKey: 'homepage-cta',
        experimentConfigKey: 'buttonText',
      },
      SYSTEM_ACTOR
    )
    forgetDefinitions()
    for (const userId of [1, 2, 3, 4, 5, 6]) {
      const assignment = await client
        .post('/api/experiments/assignments')
        .bearerToken(token)
        .json({ userContext: { userId } })
      const flag = await client
        .post('/api/experiments/feature-flag')
        .bearerToken(token)
        .json({ flagKey: 'checkout_button_text', userContext: { userId } })
      assert.equal(flag.body().data.value, assignment.body().data[0].variantConfig.buttonText)
      assert.equal(flag.body().data.reason, 'experiment')
    }
  })

  test('invalid flag values are refused before save', async ({ assert }) => {
    await assert.rejects(() =>
      createFlag(
        { key: 'broken', name: 'Broken', type: 'number', enabled: true, defaultValue: 'lots' },
        SYSTEM_ACTOR
      )
    )
  })
})

test.group('OFREP with the published OpenFeature provider', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('the OFREP provider reads values, reasons and defaults from the running app', async ({
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    await seedFlags()
    const provider = new OFREPProvider({
      baseUrl: `http://${env.get('HOST')}:${env.get('PORT')}`,
      headers: [['Authorization', `Bearer ${token}`]],
    })
    await OpenFeature.setProviderAndWait('beacon', provider)
    const client = OpenFeature.getClient('beacon')

    const on = await client.getBooleanDetails('new_dashboard_layout', false, {
      targetingKey: 'u-1',
      userType: 'investor',
    })
    assert.isTrue(on.value)
    assert.equal(on.reason, 'TARGETING_MATCH')
    const offForCreators = await client.getBooleanValue('new_dashboard_layout', true, {
      targetingKey: 'u-2',
      userType: 'creator',
    })
    assert.isFalse(offForCreators)
    assert.equal(await client.getNumberValue('max_upload_mb', 1, { targetingKey: 'u-1' }), 25)
    const disabled = await client.getObjectDetails('widget_theme', {}, { targetingKey: 'u-1' })
    assert.deepEqual(disabled.value, { color: 'blue' })
    assert.equal(disabled.reason, 'DISABLED')

    const missing = await client.getBooleanDetails('no_such_flag', true, { targetingKey: 'u-1' })
    assert.isTrue(missing.value)
    assert.equal(missing.errorCode, 'FLAG_NOT_FOUND')

    const mismatch = await client.getStringDetails('max_upload_mb', 'x', { targetingKey: 'u-1' })
    assert.equal(mismatch.value, 'x')
    assert.equal(mismatch.errorCode, 'TYPE_MISMATCH')
    await OpenFeature.clearProviders()
  })

  test('bulk evaluation answers with an ETag and 304 when nothing changed', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    await seedFlags()
    const first = await client
      .post('/ofrep/v1/evaluate/flags')
      .bearerToken(token)
      .json({ context: { targetingKey: 'u-1' } })
    first.assertStatus(200)
    const etag = first.header('etag')!
    assert.match(etag, /^".+"$/)
    assert.sameMembers(
      first.body().flags.map((f: any) => f.key),
      ['new_dashboard_layout', 'max_upload_mb', 'widget_theme']
    )
    const again = await client
      .post('/ofrep/v1/evaluate/flags')
      .bearerToken(token)
      .header('If-None-Match', etag)
      .json({ context: { targetingKey: 'u-1' } })
    again.assertStatus(304)
    const bad = await client
      .post('/ofrep/v1/evaluate/flags/max_upload_mb')
      .bearerToken(token)
      .json({ context: 'x' })
    bad.assertStatus(400)
    bad.assertBodyContains({ errorCode: 'INVALID_CONTEXT' })
    const unauthenticated = await client.post('/ofrep/v1/evaluate/flags').json({ context: {} })
    unauthenticated.assertStatus(401)
  })
})
