import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { createToken } from '#services/accounts'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import {
  CachedTokensUserProvider,
  forgetCachedCredentials,
} from '#auth/cached_tokens_user_provider'

test.group('API access tokens', (group) => {
  group.each.setup(resetDatabase)

  test('an admin creates a token on the page, sees it once, and the API accepts it', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').merge({ fullName: 'Ada Admin' }).create()
    const created = await client
      .post('/admin/tokens')
      .form({
        'name': 'Marketing site',
        'abilities[0]': 'track',
        'abilities[1]': 'evaluate',
        'expiresInDays': '30',
      })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    created.assertHeader('location', '/admin/tokens')
    const { secret } = created.flashMessages().newToken as { secret: string }
    assert.match(secret, /^hxk_/)

    const stored = await db.from('auth_access_tokens').firstOrFail()
    assert.notInclude(JSON.stringify(stored), secret.split('.')[1]) // only a hash is stored

    const me = await client.get('/api/me').bearerToken(secret)
    me.assertStatus(200)
    me.assertBodyContains({
      user: { id: admin.id, role: 'admin' },
      token: { name: 'Marketing site', abilities: ['track', 'evaluate'] },
    })
    assert.approximately(DateTime.fromISO(me.body().token.expiresAt).diffNow('days').days, 30, 0.01)

    const page = await client.get('/admin/tokens').loginAs(admin)
    page.assertTextIncludes('Marketing site')
    assert.notInclude(page.text(), secret) // never shown again
  })

  test('token form validation', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/admin/tokens')
      .form({ 'name': '', 'abilities[0]': 'root', 'expiresInDays': '3' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/admin/tokens')
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      'name': ['The name is required'],
      'abilities.0': ['Unknown ability; choose from: manage,evaluate,track,support,inbound'],
      'expiresInDays': ['The expiry must be one of: 7,30,90,365 days'],
    })
  })

  test('a revoked token stops working at once', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    const created = await client
      .post('/admin/tokens')
      .form({ 'name': 'Temp', 'abilities[0]': 'track' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const { secret } = created.flashMessages().newToken as { secret: string }
    const before = await client.get('/api/me').bearerToken(secret)
    before.assertStatus(200)

    const stored = await db.from('auth_access_tokens').firstOrFail()
    const revoked = await client
      .delete(`/admin/tokens/${stored.id}`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    revoked.assertFlashMessage('success', 'Token revoked.')
    const after = await client.get('/api/me').bearerToken(secret)
    after.assertStatus(401)
    after.assertBodyContains({ error: { code: 'unauthenticated' } })
  })

  test('/api/me refuses browser client keys: a public key must not name its owner', async ({
    client,
    assert,
  }) => {
    const owner = await UserFactory.apply('admin').merge({ email: 'owner@example.com' }).create()
    const { secret: clientKey } = await createToken(owner, {
      name: 'Marketing site',
      kind: 'client',
      abilities: ['evaluate', 'track'],
      expiresInDays: null,
    })
    const refused = await client.get('/api/me').bearerToken(clientKey)
    refused.assertStatus(403)
    refused.assertBodyContains({ error: { code: 'server_token_required' } })
    assert.notInclude(refused.text(), 'owner@example.com')

    const { secret: serverToken } = await createToken(owner, {
      name: 'Back end',
      abilities: ['evaluate', 'track'],
      expiresInDays: null,
    })
    const me = await client.get('/api/me').bearerToken(serverToken)
    me.assertStatus(200)
    me.assertBodyContains({ user: { email: 'owner@example.com', role: 'admin' } })
  })

  test('two tokens of one owner, authenticated at once, each keep their own token', async ({
    assert,
  }) => {
    const owner = await UserFactory.apply('admin').create()
    const { secret: clientKey } = await createToken(owner, {
      name: 'Marketing site',
      kind: 'client',
      abilities: ['evaluate'],
      expiresInDays: null,
    })
    const { secret: serverToken } = await createToken(owner, {
      name: 'Back end',
      abilities: ['manage'],
      expiresInDays: null,
    })
    const manager = await app.container.make('auth.manager')
    const guardFor = async (secret: string) => {
      const ctx = await testUtils.createHttpContext()
      ctx.request.request.headers.authorization = `Bearer ${secret}`
      return manager.createAuthenticator(ctx).use('api')
    }
    // Both tokens and their owner verified once (cached), then two requests in flight.
    for (const secret of [clientKey, serverToken]) {
      const guard = await guardFor(secret)
      await guard.authenticate()
    }
    const asClient = await guardFor(clientKey)
    const asServer = await guardFor(serverToken)
    await asClient.authenticate()
    await asServer.authenticate()
    // The browser key's request must not read as the owner's server token.
    assert.equal(asClient.getUserOrFail().currentAccessToken.name, 'Marketing site')
    assert.equal(asServer.getUserOrFail().currentAccessToken.name, 'Back end')
  })

  test('a token that authenticated recently is taken from the cache until credentials change', async ({
    assert,
    cleanup,
  }) => {
    const owner = await UserFactory.apply('admin').create()
    const { secret } = await createToken(owner, {
      name: 'Back end',
      abilities: ['evaluate'],
      expiresInDays: null,
    })
    const manager = await app.container.make('auth.manager')
    const authenticate = async () => {
      const ctx = await testUtils.createHttpContext()
      ctx.request.request.headers.authorization = `Bearer ${secret}`
      return manager.createAuthenticator(ctx).use('api').authenticate()
    }
    const verify = CachedTokensUserProvider.prototype.verifyToken
    let verified = 0
    CachedTokensUserProvider.prototype.verifyToken = function (this: any, ...args) {
      verified++
      return verify.apply(this, args)
    }
    cleanup(() => {
      CachedTokensUserProvider.prototype.verifyToken = verify
    })

    const first = await authenticate()
    assert.equal(first.currentAccessToken.name, 'Back end')
    assert.equal(verified, 1)
    const again = await authenticate()
    assert.equal(again.currentAccessToken.name, 'Back end')
    assert.equal(again.id, owner.id)
    assert.equal(verified, 1)
    // Revocation, deactivation and role changes forget the cache (CredentialsChanged).
    forgetCachedCredentials()
    await authenticate()
    assert.equal(verified, 2)
  })

  test('an agent cannot mint a token that manages experiments', async ({ assert }) => {
    const agent = await UserFactory.create()
    const error = await createToken(agent, {
      name: 'Ops script',
      abilities: ['support', 'manage'],
      expiresInDays: null,
    }).catch((e) => e)
    assert.equal(error.status, 422)
    assert.deepEqual(
      error.messages.map((m: { field: string }) => m.field),
      ['abilities']
    )
    assert.include(error.messages[0].message, 'manage')
    assert.lengthOf(await db.from('auth_access_tokens'), 0)
  })

  test("a demoted admin's token loses what an agent may not do, at once", async ({ client }) => {
    const [admin, other] = await UserFactory.apply('admin').createMany(2)
    const { secret } = await createToken(admin, {
      name: 'Release script',
      abilities: ['manage', 'support'],
      expiresInDays: null,
    })
    const before = await client.get('/api/experiments').bearerToken(secret)
    before.assertStatus(200)

    await client
      .put(`/admin/users/${admin.id}/role`)
      .form({ role: 'agent' })
      .loginAs(other)
      .withCsrfToken()
      .redirects(0)

    const after = await client.get('/api/experiments').bearerToken(secret)
    after.assertStatus(403)
    after.assertBodyContains({ error: { code: 'missing_ability' } })
    const me = await client.get('/api/me').bearerToken(secret)
    me.assertBodyContains({ user: { role: 'agent' }, token: { abilities: ['support'] } })
    const faqs = await client.get('/api/faqs?status=all').bearerToken(secret)
    faqs.assertStatus(200)
  })

  test('a token of a deactivated user is refused', async ({ client }) => {
    const user = await UserFactory.create()
    const { default: User } = await import('#models/user')
    const token = await User.accessTokens.create(user, ['track'])
    user.deactivatedAt = DateTime.now()
    await user.save()
    const response = await client.get('/api/me').bearerToken(token.value!.release())
    response.assertStatus(401)
    response.assertBodyContains({ error: { code: 'account_deactivated' } })
  })

  test('garbage and missing tokens get JSON 401s', async ({ client }) => {
    const missing = await client.get('/api/me')
    missing.assertStatus(401)
    missing.assertBodyContains({ error: { code: 'unauthenticated' } })
    const forged = await client.get('/api/me').bearerToken('hxk_MQ.forged')
    forged.assertStatus(401)
    forged.assertBodyContains({ error: { code: 'unauthenticated' } })
    const unknown = await client.get('/api/nothing-here').bearerToken('hxk_MQ.forged')
    unknown.assertStatus(404)
    unknown.assertBodyContains({ error: { code: 'not_found' } })
  })
})
