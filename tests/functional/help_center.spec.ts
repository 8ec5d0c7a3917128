import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { searchFaqs } from '#services/knowledge/faq_search'
import { updateFaq } from '#services/knowledge/faq_service'
import { saveSynonyms } from '#services/knowledge/synonyms'
import { UserFactory } from '#database/factories/user_factory'
import { flushWriteBehind } from '#services/platform/write_behind'

/** Question order of the help center's results for a query. */
async function ranked(q: string) {
  const { hits, mode } = await searchFaqs({ q, limit: 10 })
  return { questions: hits.map((hit) => hit.question), mode }
}

test.group('Help center / search', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('a question match outranks an answer-only match', async ({ assert }) => {
    await article('How do I read my usage report?', 'Invoices list every charge in detail.')
    await article('Where do I download my invoices?', 'Open Billing and pick a month.')
    const { questions, mode } = await ranked('invoices')
    assert.equal(mode, 'fulltext')
    assert.deepEqual(questions, [
      'Where do I download my invoices?',
      'How do I read my usage report?',
    ])
  })

  test('the last word matches as a prefix while it is being typed', async ({ assert }) => {
    await article('How do I reset my password?', 'Use the sign-in page link.')
    await article('How do I reset my workspace?', 'Delete every project first.')
    const typing = await ranked('reset passw')
    assert.equal(typing.mode, 'fulltext')
    assert.deepEqual(typing.questions, [
      'How do I reset my password?',
      'How do I reset my workspace?',
    ])
    // A finished word (trailing space) is matched whole: no article has "passw", so the
    // articles with the other words follow, the question most like the query first.
    const finished = await ranked('reset passw ')
    assert.equal(finished.mode, 'partial')
    assert.deepEqual(finished.questions, [
      'How do I reset my password?',
      'How do I reset my workspace?',
    ])
  })

  test('with no article holding every word, the ones with the most words come first', async ({
    assert,
  }) => {
    await article('The mobile app on my iPhone closes itself', 'Update the app from the App Store.')
    await article('Which browsers are supported?', 'The last two versions of each.')
    await article('How do I install the app?', 'Download it from the store.')
    const { questions, mode } = await ranked('app crashes on iphone')
    assert.equal(mode, 'partial')
    assert.deepEqual(questions, [
      'The mobile app on my iPhone closes itself',
      'How do I install the app?',
    ])
  })

  test('the synonym list finds articles by words they do not contain', async ({
    assert,
    client,
  }) => {
    const refund = 'Can I get a refund for a duplicate payment?'
    await article(refund, 'Yes: we return the extra payment within five days.')
    await article('How do I sign in with Google?', 'Use the Google button.')
    await article('Which webhooks do you send?', 'Every change; see the delivery log in the app.')
    const before = [await ranked('charged twice'), await ranked('log in')]
    assert.deepEqual(before[0].questions, [])
    assert.deepEqual(before[1].questions, ['Which webhooks do you send?'])

    await saveSynonyms([
      ['log in', 'sign in', 'Login'],
      ['charged twice', 'double charge', 'duplicate payment'],
    ])
    const after = [
      await ranked('charged twice'),
      await ranked('i was double charged'),
      await ranked('log in'),
    ]
    assert.deepEqual(after[0].questions, [refund])
    assert.deepEqual(after[1].questions, [refund])
    assert.equal(after[2].questions[0], 'How do I sign in with Google?')
    // The help center's search, its suggestions and the agents' picker read the same list.
    const page = await client.get('/help/search').qs({ q: 'charged twice' })
    page.assertTextIncludes('Can I get a refund for a')
    const suggestions = await client
      .get('/help/suggestions')
      .qs({ description: 'Hello, I think I was charged twice this month' })
    suggestions.assertTextIncludes(refund)
    const agent = await UserFactory.create()
    const picker = await client
      .get('/tickets/answers')
      .qs({ answer_q: 'charged twice' })
      .loginAs(agent)
    picker.assertTextIncludes(refund)
  })

  test('a misspelt query falls back to similar questions', async ({ assert }) => {
    await article('How do I reset my password?', 'Use the sign-in page link.')
    await article('Which browsers are supported?', 'The last two versions of each.')
    const { questions, mode } = await ranked('pasword')
    assert.equal(mode, 'fuzzy')
    assert.deepEqual(questions, ['How do I reset my password?'])
  })

  test('drafts never appear in public results', async ({ assert }) => {
    await article('How do I export my data?', 'Settings, then Export.', { published: false })
    const results = await ranked('export')
    assert.deepEqual(results.questions, [])
  })

  test('any input returns results or "no results", never an error', async ({ client }) => {
    await article('How do I reset my password?', 'Use the sign-in page link.')
    const inputs = [
      '"reset',
      'password & | ! <-> :*',
      "'; DROP TABLE faqs; --",
      '🙂🙂 password',
      'x'.repeat(5000),
      '\u0001 reset',
      '-',
      'or',
      '(((',
      // The first letter typed: too short to be a prefix, so no word is left to search.
      'r',
      'how r',
    ]
    for (const q of inputs) {
      const response = await client.get('/help/search').qs({ q })
      response.assertStatus(200)
      const api = await client.get('/api/faqs').qs({ search: q })
      api.assertStatus(200)
    }
    // A NUL cannot be stored or searched for: the field is named, as for any bad input.
    const nul = await client.get('/api/faqs').qs({ search: '\u0000 reset' })
    nul.assertStatus(422)
    nul.assertBodyContains({ error: { fields: [{ field: 'search', rule: 'storableText' }] } })
  })

  test('the page searches as you type and the results partial is a fragment', async ({
    client,
    assert,
  }) => {
    await article('How do I reset my password?', 'Use the **sign-in** page link.')
    const partial = await client.get('/help/search').qs({ q: 'reset pass' })
    assert.include(partial.text(), '<mark>reset</mark>')
    assert.notInclude(partial.text(), '<html')
    const page = await client.get('/help').qs({ q: 'reset pass' })
    assert.include(page.text(), 'hx-get="/help/search"')
    assert.include(page.text(), 'How do I reset my password?')

    const none = await client.get('/help/search').qs({ q: 'gantt chart' })
    assert.include(none.text(), 'No articles match “gantt chart”')
  })

  test('public searches are logged; typing one query counts once', async ({ client, assert }) => {
    await article('How do I reset my password?', 'Use the sign-in page link.')
    const first = await client.get('/help')
    const cookie = first.cookie('bcn_vid')!
    for (const q of ['pa', 'pass', 'passw', 'password']) {
      await client.get('/help/search').qs({ q }).withCookie('bcn_vid', cookie.value)
    }
    await client.get('/help/search').qs({ q: 'gantt chart' }).withCookie('bcn_vid', cookie.value)
    // The log is written behind the requests; nothing is there until the batch is written.
    assert.lengthOf(await db.from('faq_searches'), 0)
    await flushWriteBehind()
    const rows = await db.from('faq_searches').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.query, row.result_count]),
      [
        ['password', 1],
        ['gantt chart', 0],
      ]
    )

    // Typing on across two batches still updates the visitor's latest search.
    await client.get('/help/search').qs({ q: 'gantt chart ex' }).withCookie('bcn_vid', cookie.value)
    await flushWriteBehind()
    await client
      .get('/help/search')
      .qs({ q: 'gantt chart export' })
      .withCookie('bcn_vid', cookie.value)
    await client.get('/help/search').qs({ q: 'password' })
    await flushWriteBehind()
    const after = await db.from('faq_searches').orderBy('id')
    assert.deepEqual(
      after.map((row) => row.query),
      ['password', 'gantt chart export', 'password']
    )
  })

  test('searches without the visitor cookie add one row per query and day, and all count', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    await article('How do I reset my password?', 'Use the sign-in page link.')
    // A script sends no cookie: each request would otherwise be a new visitor's row.
    for (const q of ['Gantt chart', '  gantt   CHART ', 'gantt chart']) {
      await client.get('/help/search').qs({ q })
    }
    await client.get('/help/search').qs({ q: 'password' })
    await flushWriteBehind()
    await client.get('/help/search').qs({ q: 'GANTT chart' })
    await flushWriteBehind()

    const rows = await db.from('faq_searches').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.query, row.result_count, row.searches]),
      [
        ['gantt chart', 0, 4],
        ['password', 1, 1],
      ]
    )

    const page = await client.get('/knowledge/reports').loginAs(agent)
    const gaps = page.text().slice(page.text().indexOf('data-content-gaps'))
    assert.match(
      gaps,
      /“gantt chart”<\/a><\/td>\s*<td class="num">4<\/td>\s*<td class="num">4<\/td>/
    )
    page.assertTextIncludes('found nothing (4 searches)')
    assert.match(
      page.text(),
      /<div class="value">5<\/div>\s*<div class="label">help-center searches/
    )
  })

  test('suggestions find articles for free text, as a partial and as JSON', async ({
    client,
    assert,
  }) => {
    const faq = await article('How do I reset my password?', 'Use the sign-in page link.')
    await article('Can I pay by invoice?', 'Yes, on the Business plan.')
    const text = 'Hello, I forgot my password and the reset email never arrives. Please help!'
    const partial = await client.get('/help/suggestions').qs({ q: text })
    assert.include(partial.text(), 'How do I reset my password?')
    assert.notInclude(partial.text(), 'pay by invoice')
    const json = await client.get('/api/faqs/suggestions').qs({ q: text, limit: 3 })
    assert.deepEqual(json.body()[0].id, faq.id)
    assert.match(json.body()[0].url, new RegExp(`^/help/articles/${faq.id}/how-do-i-reset`))
    const empty = await client.get('/help/suggestions').qs({ q: '' })
    assert.equal(empty.text().trim(), '')
  })

  test('a change to an article shows in the next search', async ({ client, assert }) => {
    const faq = await article('How do I reset my password?', 'Use the sign-in page link.')
    const before = await client.get('/help/search').qs({ q: 'password' })
    assert.include(before.text(), 'reset')
    await updateFaq(faq, { published: false }, null)
    const after = await client.get('/help/search').qs({ q: 'password' })
    assert.include(after.text(), 'No articles match')
  })
})

test.group('Help center / articles and votes', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('an article page counts the view and lists related articles', async ({ client, assert }) => {
    const faq = await article('How do I reset my password?', 'Use the sign-in page link.')
    await article('Why does my password not work?', 'Check caps lock first.')
    await article('Can I pay by invoice?', 'Yes, on the Business plan.', { category: 'billing' })
    const page = await client.get(`/help/articles/${faq.id}/how-do-i-reset-my-password`)
    page.assertStatus(200)
    page.assertTextIncludes('Was this article helpful?')
    const related = page.text().slice(page.text().indexOf('data-related'))
    assert.include(related, 'Why does my password not work?')
    await client.get(`/help/articles/${faq.id}`)
    await flushWriteBehind()
    await faq.refresh()
    assert.equal(faq.views, 2)
  })

  test('drafts and unknown articles are 404 for visitors', async ({ client }) => {
    const draft = await article('Upcoming feature?', 'Soon, we promise.', { published: false })
    for (const url of [
      `/help/articles/${draft.id}`,
      '/help/articles/999999',
      '/help/categories/nope',
    ]) {
      const response = await client.get(url)
      response.assertStatus(404)
    }
  })

  test('one vote per visitor per article; voting again moves it', async ({ client, assert }) => {
    const faq = await article('How do I reset my password?', 'Use the sign-in page link.')
    const first = await client.get(`/help/articles/${faq.id}`)
    const visitor = first.cookie('bcn_vid')!.value
    const vote = (helpful: boolean) =>
      client
        .post(`/help/articles/${faq.id}/vote`)
        .form({ helpful: String(helpful) })
        .withCookie('bcn_vid', visitor)
        .withCsrfToken()
        .header('HX-Request', 'true')

    const yes = await vote(true)
    yes.assertTextIncludes('Thank you for telling us.')
    await vote(true)
    await faq.refresh()
    assert.deepEqual([faq.helpfulCount, faq.notHelpfulCount], [1, 0])

    await vote(false)
    await faq.refresh()
    assert.deepEqual([faq.helpfulCount, faq.notHelpfulCount], [0, 1])

    const other = await client.get(`/help/articles/${faq.id}`)
    await client
      .post(`/help/articles/${faq.id}/vote`)
      .form({ helpful: 'true' })
      .withCookie('bcn_vid', other.cookie('bcn_vid')!.value)
      .withCsrfToken()
    await faq.refresh()
    assert.deepEqual([faq.helpfulCount, faq.notHelpfulCount], [1, 1])
    const votes = await db.from('faq_votes').where('faq_id', faq.id)
    assert.lengthOf(votes, 2)
  })

  test('the reports show views, votes and content gaps', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    await article('How do I reset my password?', 'Use the sign-in page link.')
    await client.get('/help/search').qs({ q: 'gantt chart' })
    await client.get('/help/search').qs({ q: 'Gantt Chart' })
    await flushWriteBehind()
    const page = await client.get('/knowledge/reports').loginAs(agent)
    const gaps = page.text().slice(page.text().indexOf('data-content-gaps'))
    assert.match(gaps, /“gantt chart”<\/a><\/td>\s*<td class="num">2<\/td>/i)
  })
})
