import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Faq from '#models/faq'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { article, defaultCategories } from '#tests/helpers/knowledge'

test.group('Knowledge base / management', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('admins keep the synonym list that search uses; every bad line is named', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    await article('How do I sign in with Google?', 'Use the Google button.')
    const forbidden = await client.get('/knowledge/synonyms').loginAs(agent)
    forbidden.assertStatus(403)

    const invalid = await client
      .put('/knowledge/synonyms')
      .form({ synonyms: `log in, sign in\nlonely\n, ,\nok, ${'x'.repeat(61)}` })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const errors = invalid.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.deepEqual(errors.synonyms, [
      'Line 2 (“lonely”) needs at least two words or phrases, separated by commas',
      `Line 4 (“ok, ${'x'.repeat(36)}”) has a phrase longer than 60 characters`,
    ])
    assert.equal(
      invalid.flashMessages().synonyms,
      `log in, sign in\nlonely\n, ,\nok, ${'x'.repeat(61)}`
    )

    const saved = await client
      .put('/knowledge/synonyms')
      .form({ synonyms: 'Log in, Sign-in , login\n\ncharged twice, double charge' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    saved.assertFlashMessage('success', 'Synonyms saved: 2 groups.')
    const page = await client.get('/knowledge/synonyms').loginAs(admin)
    page.assertTextIncludes('log in, sign in, login\ncharged twice, double charge')
    const search = await client.get('/help/search').qs({ q: 'log in' })
    search.assertTextIncludes('How do I')
    search.assertTextIncludes('with Google?')
  })

  test('an agent creates, edits, publishes and deletes an article', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const created = await client
      .post('/knowledge')
      .form({
        question: 'How do I reset my password?',
        answer: 'Click **Forgot password** on the sign-in page.',
        category: 'account',
      })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    created.assertFlashMessage('success', 'Draft saved. Publish it when it is ready.')
    const faq = await Faq.findByOrFail('question', 'How do I reset my password?')
    assert.isFalse(faq.published)
    assert.equal(faq.createdBy, agent.id)
    assert.include(faq.answerHtml, '<strong>Forgot password</strong>')

    const editor = await UserFactory.create()
    await client
      .put(`/knowledge/${faq.id}`)
      .form({
        question: 'How do I reset a forgotten password?',
        answer: faq.answer,
        category: 'account',
        published: 'true',
      })
      .loginAs(editor)
      .withCsrfToken()
      .redirects(0)
    await faq.refresh()
    assert.equal(faq.question, 'How do I reset a forgotten password?')
    assert.isTrue(faq.published)
    assert.equal(faq.updatedBy, editor.id)

    await client.post(`/knowledge/${faq.id}/unpublish`).loginAs(agent).withCsrfToken().redirects(0)
    await faq.refresh()
    assert.isFalse(faq.published)

    const list = await client.get('/knowledge').loginAs(agent)
    list.assertStatus(200)
    list.assertTextIncludes('How do I reset a forgotten password?')
    list.assertTextIncludes('Draft')

    await client.delete(`/knowledge/${faq.id}`).loginAs(agent).withCsrfToken().redirects(0)
    assert.isNull(await Faq.find(faq.id))
  })

  test('empty and oversized fields are refused with field messages', async ({ client }) => {
    const agent = await UserFactory.create()
    const response = await client
      .post('/knowledge')
      .form({ question: '', answer: 'x'.repeat(20_001), category: 'nope' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('inputErrorsBag', {
      question: ['The question is required'],
      answer: ['The answer must have at most 20000 characters'],
      category: ['The selected category is invalid'],
    })
  })

  test('only staff reach the management pages', async ({ client }) => {
    const anonymous = await client.get('/knowledge').redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/login')
    const agent = await UserFactory.create()
    const reports = await client.get('/knowledge/reports').loginAs(agent)
    reports.assertStatus(200)
    const categories = await client.get('/knowledge/categories').loginAs(agent)
    categories.assertTextIncludes('Billing')
  })

  test('the table searches, filters by category and counts', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    await article('How do I change my invoice address?', 'Open the billing settings.', {
      category: 'billing',
    })
    await article('How do I change my email?', 'Open your profile settings.', {
      category: 'account',
    })
    const billing = await client.get('/knowledge/table').qs({ category: 'billing' }).loginAs(agent)
    assert.include(billing.text(), 'invoice address')
    assert.notInclude(billing.text(), 'change my email')
    assert.notInclude(billing.text(), '<html')

    const search = await client.get('/knowledge/table').qs({ q: 'emai' }).loginAs(agent)
    assert.include(search.text(), '<mark>email</mark>')
    assert.include(search.text(), '1 article')

    const page = await client.get('/knowledge').loginAs(agent)
    assert.include(page.text(), 'Billing (1)')
  })

  test('a category holding articles cannot be deleted', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    await article('Where is my invoice?', 'In the billing settings.', { category: 'billing' })
    const billing = await db.from('faq_categories').where('slug', 'billing').first()
    const response = await client
      .delete(`/knowledge/categories/${billing.id}`)
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage(
      'error',
      '“Billing” still holds 1 article; move or delete them first.'
    )
    assert.exists(await db.from('faq_categories').where('slug', 'billing').first())

    await client
      .post('/knowledge/categories')
      .form({ name: 'Mobile apps' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    assert.exists(await db.from('faq_categories').where('slug', 'mobile-apps').first())
  })
})

test.group('Knowledge base / sanitized Markdown', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('answers carry no script, event handler or javascript: link', async ({ client, assert }) => {
    const faq = await article(
      'Is this answer safe to show?',
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '[click me](javascript:alert(3))',
        '[data](data:text/html;base64,PHNjcmlwdD4=)',
        '[fine](https://tasklane.example/help)',
      ].join('\n\n')
    )
    const page = await client.get(`/help/articles/${faq.id}`)
    page.assertStatus(200)
    const body = page.text()
    const answer = body.slice(body.indexOf('class="article-body"'), body.indexOf('</article>'))
    assert.notInclude(answer, '<script')
    assert.notInclude(answer, '<img')
    assert.notMatch(answer, /href="(javascript|data):/)
    assert.include(answer, '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.include(
      answer,
      'href="https://tasklane.example/help" rel="nofollow noopener noreferrer"'
    )
  })
})

test.group('Knowledge base / JSON API', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('anonymous callers read published articles only', async ({ client, assert }) => {
    const live = await article('How do I export my data?', 'Use **Settings → Export**.')
    const draft = await article('Secret upcoming feature?', 'Not announced yet.', {
      published: false,
    })
    const list = await client.get('/api/faqs')
    list.assertStatus(200)
    assert.deepEqual(
      list.body().map((faq: { id: number }) => faq.id),
      [live.id]
    )
    assert.containsSubset(list.body()[0], {
      question: 'How do I export my data?',
      answer: 'Use **Settings → Export**.',
      category: 'general',
      published: true,
    })
    assert.properties(list.body()[0], ['created_at', 'answer_html', 'url'])
    const hidden = await client.get(`/api/faqs/${draft.id}`)
    hidden.assertStatus(404)
    const drafts = await client.get('/api/faqs').qs({ status: 'draft' })
    drafts.assertStatus(403)
    const write = await client.post('/api/faqs').json({ question: 'x', answer: 'y' })
    write.assertStatus(401)
  })

  test('a support token creates, updates and deletes', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const created = await client.post('/api/faqs').bearerToken(token).json({
      question: 'How do I reset my password?',
      answer: 'Click Forgot Password on login page and follow email instructions.',
      category: 'account',
    })
    created.assertStatus(201)
    assert.containsSubset(created.body(), { category: 'account', published: true })
    const id = created.body().id

    const updated = await client
      .put(`/api/faqs/${id}`)
      .bearerToken(token)
      .json({ category: 'general', published: false })
    updated.assertStatus(200)
    assert.containsSubset(updated.body(), {
      question: 'How do I reset my password?',
      category: 'general',
      published: false,
    })
    const drafts = await client.get('/api/faqs').qs({ status: 'draft' }).bearerToken(token)
    assert.lengthOf(drafts.body(), 1)

    const invalid = await client
      .put(`/api/faqs/${id}`)
      .bearerToken(token)
      .json({ question: 'Why', category: 'unknown' })
    invalid.assertStatus(422)
    assert.sameMembers(
      invalid.body().error.fields.map((field: { field: string }) => field.field),
      ['question', 'category']
    )

    const deleted = await client.delete(`/api/faqs/${id}`).bearerToken(token)
    deleted.assertStatus(204)
    const gone = await client.get(`/api/faqs/${id}`).bearerToken(token)
    gone.assertStatus(404)
  })

  test('a token without the support ability cannot write', async ({ client }) => {
    const { token } = await apiToken(['track'])
    const response = await client
      .post('/api/faqs')
      .bearerToken(token)
      .json({ question: 'How do I?', answer: 'Like this, really.', category: 'general' })
    response.assertStatus(403)
    response.assertBodyContains({ error: { code: 'missing_ability' } })
  })

  test('search and category filter combine; category stats count published articles', async ({
    client,
    assert,
  }) => {
    await article('How do I update my password?', 'Go to security settings.', {
      category: 'account',
    })
    await article('Why was my card declined for the password manager plan?', 'Ask your bank.', {
      category: 'billing',
    })
    await article('Can I pay by invoice?', 'Yes, on the Business plan.', { category: 'billing' })
    await article('Draft about billing', 'Not live yet, sorry.', {
      category: 'billing',
      published: false,
    })

    const search = await client.get('/api/faqs').qs({ search: 'password', category: 'account' })
    assert.deepEqual(
      search.body().map((faq: { question: string }) => faq.question),
      ['How do I update my password?']
    )
    assert.include(search.body()[0].question_html, '<mark>password</mark>')

    const stats = await client.get('/api/faqs/categories/stats')
    assert.deepEqual(stats.body().slice(0, 2), [
      { category: 'billing', name: 'Billing', count: 2 },
      { category: 'account', name: 'Account', count: 1 },
    ])
  })
})
