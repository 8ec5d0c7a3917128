import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { forgetDefinitions } from '#services/experiments/definitions'
import env from '#start/env'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import JsonBodyMiddleware from '#middleware/json_body_middleware'

const url = () => `http://${env.get('HOST')}:${env.get('PORT')}/api/experiments/feature-flag`

/** POSTs a raw body to the feature-flag endpoint, which echoes `defaultValue`. */
async function post(token: string, body: string, type: string) {
  const response = await fetch(url(), {
    method: 'POST',
    headers: { 'authorization': `Bearer ${token}`, 'content-type': type },
    body,
  })
  return { status: response.status, body: (await response.json()) as any }
}

/**
 * The API's lean JSON path (app/middleware/json_body_middleware.ts) reads
 * `application/json`; `text/plain` (navigator.sendBeacon) still goes through the
 * framework's parser. Both must give the same answer for every body.
 */
test.group('API JSON bodies: the lean path answers like the framework parser', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('{title}')
    .with([
      {
        title: 'a plain body is read',
        body: '{"flagKey":"nope","defaultValue":"x","userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => b.data.defaultValue === 'x',
      },
      {
        title: 'empty strings become null, also nested',
        body: '{"flagKey":"nope","defaultValue":{"a":"","b":["",1]},"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => JSON.stringify(b.data.defaultValue) === '{"a":null,"b":[null,1]}',
      },
      {
        title: 'a property named "" keeps its empty string, as the framework reviver does',
        body: '{"flagKey":"nope","defaultValue":{"":"","a":""},"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => JSON.stringify(b.data.defaultValue) === '{"":"","a":null}',
      },
      {
        title: 'strings are trimmed, blank ones become null, also in arrays and under ""',
        body: '{"flagKey":" nope ","defaultValue":{"a":" x ","b":["  ",2],"":{"c":" y "}},"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) =>
          JSON.stringify(b.data.defaultValue) === '{"a":"x","b":[null,2],"":{"c":"y"}}',
      },
      {
        title: 'a property named "" keeps its padded string',
        body: '{"flagKey":"nope","defaultValue":{"":" x "},"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => JSON.stringify(b.data.defaultValue) === '{"":" x "}',
      },
      {
        title: 'prototype poisoning is removed',
        body: '{"flagKey":"nope","defaultValue":{"__proto__":{"admin":true},"a":1},"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => JSON.stringify(b.data.defaultValue) === '{"a":1}',
      },
      {
        title: 'a byte order mark is skipped',
        body: '\uFEFF{"flagKey":"nope","defaultValue":2,"userContext":{"userId":"u1"}}',
        status: 200,
        check: (b: any) => b.data.defaultValue === 2,
      },
      {
        title: 'unparsable JSON is a 400',
        body: '{"flagKey":',
        status: 400,
        check: (b: any) => b.error.code === 'bad_request',
      },
      {
        title: 'JSON that is not an object or array is a 422',
        body: '42',
        status: 422,
        check: (b: any) => b.error.message.includes('only supports object and array'),
      },
      {
        title: 'a body over 1 MB is a 413',
        body: JSON.stringify({ flagKey: 'nope', padding: 'y'.repeat(1_100_000) }),
        status: 413,
        check: (b: any) => b.error.code === 'payload_too_large',
      },
    ])
    .run(async ({ assert }, { body, status, check }) => {
      const { token } = await apiToken(['evaluate'])
      const lean = await post(token, body, 'application/json')
      const framework = await post(token, body, 'text/plain')
      assert.equal(lean.status, status)
      assert.isTrue(check(lean.body), JSON.stringify(lean.body).slice(0, 300))
      assert.deepEqual(lean, framework)
    })

  test('application/json skips the framework parser; text/plain goes to it', async ({
    assert,
    cleanup,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const handle = BodyParserMiddleware.prototype.handle
    let calls = 0
    BodyParserMiddleware.prototype.handle = function (this: BodyParserMiddleware, ...args) {
      calls++
      return handle.apply(this, args)
    }
    cleanup(() => {
      BodyParserMiddleware.prototype.handle = handle
    })
    const body = '{"flagKey":"nope","defaultValue":" x ","userContext":{"userId":"u1"}}'
    const lean = await post(token, body, 'application/json')
    assert.equal(lean.body.data.defaultValue, 'x')
    assert.equal(calls, 0)
    const framework = await post(token, body, 'text/plain')
    assert.equal(framework.body.data.defaultValue, 'x')
    assert.equal(calls, 1)
  })

  test('request.original() is the body as read, whatever the request changes later', async ({
    assert,
  }) => {
    const body = '{"a":" x ","nested":{"b":""}}'
    const req = new IncomingMessage(new Socket())
    req.method = 'POST'
    req.url = '/api?page=2'
    req.headers = { 'content-type': 'application/json', 'content-length': String(body.length) }
    req.push(body)
    req.push(null)
    const ctx = await testUtils.createHttpContext({ req })
    const middleware = await app.container.make(JsonBodyMiddleware)
    await middleware.handle(ctx, async () => {
      ctx.request.body().nested.b = 'changed'
      ctx.request.updateBody({ replaced: true })
    })
    const expected = { a: 'x', nested: { b: null }, page: '2' }
    assert.deepEqual(ctx.request.original(), expected)
    assert.isTrue(Object.isFrozen(ctx.request.original()))
    assert.equal(ctx.request.raw(), body)
  })

  test('a JSON body with a charset and one of another JSON type are read too', async ({
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const body = '{"flagKey":"nope","defaultValue":"é","userContext":{"userId":"u1"}}'
    for (const type of ['application/json; charset=utf-8', 'application/vnd.api+json']) {
      const response = await post(token, body, type)
      assert.equal(response.status, 200, type)
      assert.equal(response.body.data.defaultValue, 'é')
    }
  })
})
