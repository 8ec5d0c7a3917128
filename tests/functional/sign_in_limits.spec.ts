import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { fromDirectPeer } from '#tests/helpers/client_address'

const WRONG = 'Wrong email or password.'
const tooMany = (minutes: number) =>
  `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`

/** Posts the login form; `forwardedFor` is the X-Forwarded-For header a proxy would add. */
function signIn(
  client: ApiClient,
  email: string,
  password: string,
  options: { forwardedFor?: string; direct?: boolean } = {}
) {
  const request = client.post('/login').form({ email, password }).withCsrfToken().redirects(0)
  if (options.forwardedFor) request.header('X-Forwarded-For', options.forwardedFor)
  return options.direct ? fromDirectPeer(request) : request
}

test.group('Sign-in limits', (group) => {
  group.each.setup(resetDatabase)

  test('a client cannot escape the lockout by sending a new X-Forwarded-For each time', async ({
    client,
  }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn(client, 'target@example.com', `guess-${attempt}`, {
        direct: true,
        forwardedFor: `198.51.100.${attempt}`,
      })
      response.assertFlashMessage('error', WRONG)
    }
    const blocked = await signIn(client, 'target@example.com', TEST_PASSWORD, {
      direct: true,
      forwardedFor: '198.51.100.99',
    })
    blocked.assertSessionMissing('auth_web')
    blocked.assertFlashMessage('error', tooMany(15))
  })

  test('behind a trusted proxy, the forwarded address is the client', async ({ client }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn(client, 'target@example.com', `guess-${attempt}`, {
        forwardedFor: '203.0.113.7',
      })
      response.assertFlashMessage('error', WRONG)
    }
    // That address is blocked for 15 minutes; another one only waits out the account's
    // first pause.
    const sameAddress = await signIn(client, 'target@example.com', TEST_PASSWORD, {
      forwardedFor: '203.0.113.7',
    })
    sameAddress.assertFlashMessage('error', tooMany(15))
    const otherAddress = await signIn(client, 'target@example.com', TEST_PASSWORD, {
      forwardedFor: '203.0.113.8',
    })
    otherAddress.assertFlashMessage('error', tooMany(1))
    otherAddress.assertSessionMissing('auth_web')
  })

  test('five wrong passwords for one account from five addresses pause the sixth', async ({
    client,
  }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn(client, 'target@example.com', `guess-${attempt}`, {
        forwardedFor: `192.0.2.${attempt}`,
      })
      response.assertFlashMessage('error', WRONG)
    }
    const sixth = await signIn(client, 'target@example.com', TEST_PASSWORD, {
      forwardedFor: '192.0.2.6',
    })
    sixth.assertSessionMissing('auth_web')
    sixth.assertFlashMessage('error', tooMany(1))
    // Attempts during the pause are refused without lengthening it.
    for (let attempt = 7; attempt <= 9; attempt++) {
      const refused = await signIn(client, 'target@example.com', `guess-${attempt}`, {
        forwardedFor: `192.0.2.${attempt}`,
      })
      refused.assertFlashMessage('error', tooMany(1))
    }
  })

  test('a burst of simultaneous guesses gets no more tries than one after another', async ({
    client,
    assert,
  }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        signIn(client, 'target@example.com', `guess-${index}`, {
          forwardedFor: `192.0.2.${index + 1}`,
        })
      )
    )
    const checked = burst.filter((response) => response.flashMessages().error === WRONG)
    assert.isAtMost(checked.length, 5)
    const after = await signIn(client, 'target@example.com', TEST_PASSWORD, {
      forwardedFor: '192.0.2.99',
    })
    after.assertSessionMissing('auth_web')
  })

  test("a successful sign-in clears the account's failures", async ({ client }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    for (let round = 1; round <= 2; round++) {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const response = await signIn(client, 'target@example.com', 'a-typo', {
          forwardedFor: `192.0.2.${round * 10 + attempt}`,
        })
        response.assertFlashMessage('error', WRONG)
      }
      const success = await signIn(client, 'target@example.com', TEST_PASSWORD, {
        forwardedFor: '192.0.2.100',
      })
      success.assertHeader('location', '/')
    }
  })

  test('one address trying many accounts is stopped after 20 failures', async ({ client }) => {
    const real = await UserFactory.merge({ email: 'real@example.com' }).create()
    for (let attempt = 1; attempt <= 30; attempt++) {
      const response = await signIn(client, `person${attempt}@example.com`, 'Summer2024!')
      response.assertFlashMessage('error', attempt <= 20 ? WRONG : tooMany(60))
    }
    const fromThere = await signIn(client, real.email, TEST_PASSWORD)
    fromThere.assertSessionMissing('auth_web')
    fromThere.assertFlashMessage('error', tooMany(60))
    // People elsewhere are not affected.
    const fromElsewhere = await signIn(client, real.email, TEST_PASSWORD, {
      forwardedFor: '192.0.2.50',
    })
    fromElsewhere.assertSession('auth_web', real.id)
  })
})
