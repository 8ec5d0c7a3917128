import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

const WRONG = 'Wrong email or password.'
const tooMany = (minutes: number) =>
  `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`

/** Posts the login form; `forwardedFor` is the X-Forwarded-For header a proxy would add. */
function signIn(
  client: ApiClient,
  email: string,
  password: string,
  options: { forwardedFor?: string } = {}
) {
  const request = client.post('/login').form({ email, password }).withCsrfToken().redirects(0)
  if (options.forwardedFor) request.header('X-Forwarded-For', options.forwardedFor)
  return request
}

test.group('Sign-in limits', (group) => {
  group.each.setup(resetDatabase)

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
