import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string) {
  return Object.fromEntries(
    header.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name, values]
    })
  )
}

test.group('Security headers', (group) => {
  group.each.setup(resetDatabase)

  test('pages get a nonce-based CSP, a referrer policy and no device features', async ({
    client,
    assert,
  }) => {
    const page = await client.get('/help')
    page.assertStatus(200)
    const csp = directives(page.header('content-security-policy') ?? '')
    const nonce = csp['script-src'].find((value: string) => value.startsWith(`'nonce-`))
    assert.isDefined(nonce)
    assert.notInclude(csp['script-src'], `'unsafe-inline'`)
    assert.notInclude(csp['script-src'], `'unsafe-eval'`)
    assert.deepEqual(csp['default-src'], [`'self'`])
    assert.deepEqual(csp['object-src'], [`'none'`])
    assert.deepEqual(csp['frame-ancestors'], [`'none'`])
    // A new nonce each time, and the page's own script tags carry it.
    const second = await client.get('/help')
    const again = directives(second.header('content-security-policy') ?? '')
    assert.notEqual(again['script-src'].join(' '), csp['script-src'].join(' '))
    page.assertTextIncludes(`nonce="${nonce!.slice(7, -1)}"`)

    page.assertHeader('referrer-policy', 'strict-origin-when-cross-origin')
    assert.match(
      page.header('permissions-policy') ?? '',
      /camera=\(\).*geolocation=\(\).*microphone=\(\)/
    )
    page.assertHeader('x-content-type-options', 'nosniff')
  })

  test('JSON API answers say nosniff, errors and preflights too', async ({ client }) => {
    const { token } = await apiToken(['support'])
    const ok = await client.get('/api/faqs').bearerToken(token)
    ok.assertStatus(200)
    ok.assertHeader('x-content-type-options', 'nosniff')

    const refused = await client.get('/api/me')
    refused.assertStatus(401)
    refused.assertHeader('x-content-type-options', 'nosniff')

    const preflight = await client
      .options('/api/experiments/assignments')
      .header('Origin', 'https://shop.example')
      .header('Access-Control-Request-Method', 'POST')
    preflight.assertHeader('x-content-type-options', 'nosniff')
  })
})
