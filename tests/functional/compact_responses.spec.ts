import { randomUUID } from 'node:crypto'
import { request, type IncomingMessage } from 'node:http'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

/**
 * A GET to the test server with exactly the headers given (the API client would add its
 * own Accept-Encoding and decompress), resolving when the headers and the first chunk
 * of the body arrived, or the body ended.
 */
function rawGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ response: IncomingMessage; body: Buffer }>((resolve, reject) => {
    const outgoing = request(
      { host: process.env.HOST, port: process.env.PORT, path, headers },
      (response) => {
        const chunks: Buffer[] = []
        const streaming = response.headers['content-type']?.startsWith('text/event-stream')
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          if (streaming) {
            outgoing.destroy()
            resolve({ response, body: Buffer.concat(chunks) })
          }
        })
        response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }))
      }
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

test.group('Compact responses / compression', (group) => {
  group.each.setup(() => resetDatabase())

  test('a page is gzipped when the browser accepts gzip', async ({ assert }) => {
    const { response, body } = await rawGet('/login', { 'Accept-Encoding': 'gzip, deflate' })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-encoding'], 'gzip')
    assert.include(String(response.headers['vary']), 'Accept-Encoding')
    assert.match(String(response.headers['content-type']), /^text\/html/)
    assert.equal(Number(response.headers['content-length']), body.length)
    const html = gunzipSync(body).toString()
    assert.include(html, '<form')
    assert.isBelow(body.length, html.length)
  })

  test('brotli is preferred when the browser accepts both', async ({ assert }) => {
    const { response, body } = await rawGet('/login', { 'Accept-Encoding': 'gzip, br' })
    assert.equal(response.headers['content-encoding'], 'br')
    assert.include(brotliDecompressSync(body).toString(), '<form')
  })

  test('a page is sent as is without Accept-Encoding, or when gzip is refused', async ({
    assert,
  }) => {
    for (const headers of [{}, { 'Accept-Encoding': 'gzip;q=0, identity' }] as Record<
      string,
      string
    >[]) {
      const { response, body } = await rawGet('/login', headers)
      assert.equal(response.statusCode, 200)
      assert.isUndefined(response.headers['content-encoding'])
      assert.include(body.toString(), '<form')
    }
  })

  test('the live event stream is never compressed', async ({ assert }) => {
    const { response, body } = await rawGet(`/__transmit/events?uid=${randomUUID()}`, {
      'Accept-Encoding': 'gzip, br',
    })
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['content-type']), /^text\/event-stream/)
    assert.isUndefined(response.headers['content-encoding'])
    assert.match(body.toString(), /^:/) // Transmit's first line, readable as sent
  })
})

test.group('Compact responses / caching of built assets', () => {
  test('a hashed build asset may be cached for a year, other public files are revalidated', async ({
    assert,
    cleanup,
  }) => {
    const folder = app.publicPath('assets/compact-responses-spec')
    await mkdir(folder, { recursive: true })
    cleanup(() => rm(folder, { recursive: true, force: true }))
    await writeFile(`${folder}/probe-B1x9Qz3c.js`, 'console.log(1)\n')

    const hashed = await rawGet('/assets/compact-responses-spec/probe-B1x9Qz3c.js')
    assert.equal(hashed.response.statusCode, 200)
    assert.equal(hashed.response.headers['cache-control'], 'public, max-age=31536000, immutable')

    const tracker = await rawGet('/beacon-tracker.js')
    assert.equal(tracker.response.statusCode, 200)
    assert.notInclude(String(tracker.response.headers['cache-control']), 'immutable')
  })
})

test.group('Compact responses / template whitespace', (group) => {
  group.each.setup(() => resetDatabase())

  test('pages carry no template indentation, but a message keeps its code block as written', async ({
    client,
    assert,
  }) => {
    const code = 'server {\n    listen 443;\n        ssl on;\n}'
    const ticket = await openTicket({
      description: `Our proxy config:\n\n\`\`\`\n${code}\n\`\`\``,
    })
    const agent = await UserFactory.create()
    const response = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    response.assertStatus(200)
    const html = response.text()

    const outsidePre = html.replace(/<pre[\s\S]*?<\/pre>/g, '')
    assert.notMatch(outsidePre, /\n[ \t]+</, 'an indented line outside <pre>')
    assert.include(html, 'server {\n    listen 443;\n        ssl on;\n}')
  })
})
