/**
 * Knowledge base at scale: 100,000 articles, then at 20 concurrent clients
 *  1. help-center search as you type (`/help/search`: full-text, prefix, typo fallback, logged),
 *  2. suggestions for a ticket being written (`/help/suggestions`),
 *  3. the public article page (`/help/articles/:id`: view counted, related articles).
 * The articles are the 70 demo articles, each copied with made-up product terms added to
 * its question and answer, so common words match thousands of articles and a product term
 * a handful, as in a large real knowledge base.
 * Usage: npm run bench:knowledge -- [articles, default 100000] [seconds per run, default 10]
 * Takes about two minutes; stops by itself.
 */
import pg from 'pg'
import { SYLLABLES } from './support/made_up_words.js'
import { api, startBenchApp } from './support/bench_app.js'
import { hasWrk, runLoad } from './support/load.js'
import { DEMO_FAQS, DEMO_FAQ_CATEGORIES } from '../database/demo_faqs.js'

const ARTICLES = Number(process.argv[2] ?? 100_000)
const SECONDS = Number(process.argv[3] ?? 10)
const CONNECTIONS = 20
const BATCH = 1000

/** Made-up product terms ("Zorvex", "Kalmira", ...): a vocabulary of about 20,000 words. */
function term(n: number) {
  const a = SYLLABLES[n % 20]
  const b = SYLLABLES[Math.floor(n / 20) % 20]
  const c = SYLLABLES[Math.floor(n / 400) % 20]
  const d = n >= 8000 ? SYLLABLES[Math.floor(n / 8000) % 20] : ''
  const word = `${a}${b}${c}${d}`
  return word[0].toUpperCase() + word.slice(1)
}

const app = await startBenchApp()
const client = new pg.Client({ connectionString: app.databaseUrl })
await client.connect()
try {
  console.log(`  inserting ${ARTICLES.toLocaleString('en-US')} articles…`)
  const started = performance.now()
  const categoryIds: Record<string, number> = {}
  for (const category of DEMO_FAQ_CATEGORIES) {
    const { rows } = await client.query(
      `INSERT INTO faq_categories (name, slug, description, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, now(), now()) RETURNING id`,
      [category.name, category.slug, category.description, category.position]
    )
    categoryIds[category.slug] = rows[0].id
  }
  // The product renders each demo answer once (through the API); the copies reuse it.
  const rendered: { html: string; text: string }[] = []
  for (const faq of DEMO_FAQS) {
    const { id } = (await api(app, '/api/faqs', { ...faq, published: false })) as { id: number }
    const { rows } = await client.query(
      'DELETE FROM faqs WHERE id = $1 RETURNING answer_html AS html, answer_text AS text',
      [id]
    )
    rendered.push(rows[0])
  }
  for (let offset = 0; offset < ARTICLES; offset += BATCH) {
    const values: unknown[] = []
    const rows: string[] = []
    for (let n = offset; n < Math.min(offset + BATCH, ARTICLES); n++) {
      const demo = DEMO_FAQS[n % DEMO_FAQS.length]
      const answer = rendered[n % DEMO_FAQS.length]
      const topic = `${term((n * 7) % 20_000)} ${term((n * 13 + 5) % 20_000)}`
      const extra = ` This applies to ${topic} and ${term((n * 31 + 11) % 20_000)}.`
      const question = `${demo.question.replace(/\?$/, '')} in ${topic}?`
      const p = values.length
      rows.push(
        `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, now(), now(), now())`
      )
      values.push(
        categoryIds[demo.category],
        question.slice(0, 250),
        demo.answer + extra,
        answer.html + `<p>${extra.trim()}</p>`,
        answer.text + extra,
        n % 25 !== 0,
        (n * 37) % 1000
      )
    }
    await client.query(
      `INSERT INTO faqs (category_id, question, answer, answer_html, answer_text, published, views,
                       published_at, created_at, updated_at)
     VALUES ${rows.join(', ')}`,
      values
    )
  }
  // Settle the bulk load (hint bits, statistics, a checkpoint) so it does not run during the load.
  await client.query('VACUUM ANALYZE faqs')
  await client.query('CHECKPOINT')
  console.log(`  inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const { rows: sample } = await client.query(
    'SELECT id FROM faqs WHERE published ORDER BY random() LIMIT 300'
  )

  /** What visitors type, keystroke by keystroke for some: words, prefixes, typos, operators. */
  const SEARCHES = [
    'reset password',
    'reset pass',
    'res',
    'invoice',
    'invoices vat',
    'two-factor',
    'export csv',
    'slack notifications',
    'webhook stopped',
    'refund',
    'pasword',
    'invocie',
    'slak',
    `${term(4242)}`,
    `${term(77)} ${term(1234)}`,
    `${term(999).slice(0, 5)}`,
    '"single sign-on"',
    'delete account -project',
    'upload or attachment',
    'how do i change my email address',
    'gantt chart',
    "'; DROP TABLE faqs; --",
    '🙂 billing',
    'a'.repeat(300),
  ]
  const TICKETS = [
    'Hi, I cannot log in anymore. I tried to reset my password but the email never arrives. Can you help?',
    'We were charged twice this month and need a refund for the second invoice, also please add our VAT number.',
    'Our Slack channel stopped getting task updates since yesterday. Nothing changed on our side.',
    'File uploads fail at 99% for large videos, is there a size limit for attachments?',
    'How do I set up SAML single sign-on with Okta for our whole company?',
    'The webhook endpoint returns 200 but Tasklane stopped sending events after we rotated the secret.',
  ]
  const query = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`

  const runs = [
    {
      name: '`GET /help/search` (search as you type)',
      paths: SEARCHES.map((q) => `/help/search?${query('q', q)}`),
    },
    {
      name: '`GET /help/suggestions` (ticket text)',
      paths: TICKETS.map((q) => `/help/suggestions?${query('q', q)}`),
    },
    {
      name: '`GET /help/articles/:id` (article page)',
      paths: sample.map((row) => `/help/articles/${row.id}`),
    },
  ]

  // Each path once, timed: the first request of a path finds nothing cached (search
  // results, suggestions, and an article's related list, which its first read works out).
  console.log('\n| First request of each path (uncached), one client | requests | median | max |')
  console.log('| --- | --- | --- | --- |')
  for (const run of runs) {
    const times: number[] = []
    for (const path of run.paths) {
      const requestStarted = performance.now()
      const response = await fetch(app.url + path)
      await response.text()
      times.push(performance.now() - requestStarted)
      if (!response.ok) throw new Error(`${path}: ${response.status}`)
    }
    times.sort((x, y) => x - y)
    const median = times[Math.floor(times.length / 2)]
    console.log(
      `| ${run.name} | ${times.length} | ${median.toFixed(1)} ms | ${times.at(-1)!.toFixed(1)} ms |`
    )
  }

  console.log(
    `\n| Run (${CONNECTIONS} connections, ${SECONDS} s) | req/s | p50 | p95 | p99 | errors |`
  )
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const run of runs) {
    const result = await runLoad({
      url: app.url,
      paths: run.paths,
      seconds: SECONDS,
      connections: CONNECTIONS,
    })
    console.log(
      `| ${run.name} | ${result.requestsPerSecond.toLocaleString('en-US')} | ${result.p50Ms.toFixed(1)} ms | **${result.p95Ms.toFixed(1)} ms** | ${result.p99Ms.toFixed(1)} ms | ${result.errors} |`
    )
  }
  console.log(`(load generator: ${hasWrk() ? 'wrk' : 'autocannon'})`)
} finally {
  await client.end()
  await app.stop()
}
