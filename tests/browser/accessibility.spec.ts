import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Browser, BrowserContext } from 'playwright'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import env from '#start/env'
import User from '#models/user'
import Ticket from '#models/ticket'
import { UserFactory } from '#database/factories/user_factory'
import { customerPath } from '#services/support/customer_links'
import { preferencesToken } from '#services/notifications/preference_links'
import { invitationUrl } from '#services/accounts/user_service'
import { deliverNotification } from '#services/notifications/delivery'
import { experimentsToRecompute, recomputeMany } from '#services/results'
import { createLibraryMetric } from '#services/experiments'
import { attachFiles, createMailbox, receiveInboundEmail } from '#services/support'
import { signedUrlFor } from '@adonisjs/core/services/url_builder'
import { SYSTEM_ACTOR } from '#services/accounts'
import { createContacts, keepSmsInOutbox, receiveSms, saveAudience } from '#services/contacts'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { appRoutes, fillPattern } from '#tests/helpers/routes'
import { addRecipients, createCampaign, linkToken } from '#services/campaigns'
import { makeContacts } from '#tests/helpers/campaigns'

/**
 * axe-core over every HTML page of the app, signed out, as an agent and as an admin.
 * The pages come from the router (every GET route), so a new page is checked without
 * being listed here; routes that answer a role with a redirect or a refusal are not that
 * role's pages, and answers that are not whole HTML documents (fragments, CSV, JSON) are
 * not pages. Pages with ids open the seeded demo records.
 */
const AXE_SOURCE = await readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
)
const BLOCKING = new Set(['serious', 'critical'])

type Role = 'signed out' | 'agent' | 'admin'

interface Checked {
  pages: string[]
  violations: string[]
  missing: string[]
}

/** The URL of each page route, with its params filled from the seeded records. */
async function pageUrls() {
  const ticket = await Ticket.query().orderBy('number').firstOrFail()
  // A customer's new ticket: its acknowledgement fills the notification log and the outbox.
  await openTicket()
  for (const { id } of await db.from('notifications').where('status', 'pending')) {
    await deliverNotification(id)
  }
  await createLibraryMetric(
    { name: 'Spend per user', event: 'purchase', kind: 'sum', unit: '€' },
    SYSTEM_ACTOR
  )
  const first = (table: string, column = 'id') =>
    db
      .from(table)
      .orderBy('id')
      .first()
      .then((row) => String(row[column]))
  const article = await db.from('faqs').where('published', true).orderBy('id').firstOrFail()
  const invited = await UserFactory.merge({ password: null, fullName: 'Ivy Invited' }).create()
  const experimentId = await db
    .from('experiments')
    .whereIn('id', db.from('experiment_results').select('experiment_id'))
    .orderBy('id')
    .firstOrFail()
    .then((row) => String(row.id))

  const campaign = await sampleCampaign()
  // A contact with consent, a reply by text, an audience and a text in the SMS outbox.
  await createContacts(
    [
      {
        email: 'ada@example.com',
        phone: '+14155550100',
        firstName: 'Ada',
        fields: { plan: 'pro' },
        consent: { sms: { granted: true, source: 'signup form' } },
      },
    ],
    SYSTEM_ACTOR
  )
  await receiveSms({
    provider: 'twilio',
    providerMessageId: 'SMa11y',
    from: '+14155550100',
    to: null,
    body: 'STOP',
    receivedAt: DateTime.now(),
  })
  await saveAudience({
    name: 'Pro plan',
    rule: { attribute: 'fields.plan', op: 'eq', value: 'pro' },
  })
  await keepSmsInOutbox({ providerMessageId: 'outbox-a11y', to: '+14155550100', body: 'Hi Ada' })

  const mailed = await mailedTicket()
  const mailbox = await createMailbox({
    name: 'Support',
    host: '127.0.0.1',
    port: 993,
    tls: true,
    username: 'support',
    password: 'secret',
    folder: 'INBOX',
    afterFetch: 'move',
    moveTo: 'Processed',
    enabled: false,
  })
  const customerFile = new URL(
    signedUrlFor(
      'help.tickets.files.show',
      { number: mailed.number, id: mailed.fileId },
      { expiresIn: '2h', purpose: 'attachment' }
    ),
    'http://x'
  )

  // Signed links are whole paths; other params by the section of the app they are in.
  const signed: Record<string, string> = {
    '/help/tickets/:number/:token': customerPath(ticket),
    '/preferences/:token': `/preferences/${preferencesToken(ticket.contactEmail)}`,
    '/preferences/:token/unsubscribe': `/preferences/${preferencesToken(ticket.contactEmail)}/unsubscribe`,
    '/invitations/:id':
      new URL(invitationUrl(invited)).pathname + new URL(invitationUrl(invited)).search,
    '/tickets/:number/html': `/tickets/${mailed.number}/html`,
    '/tickets/:number/messages/:id/html': `/tickets/${mailed.number}/messages/${mailed.messageId}/html`,
    '/tickets/:number/attachments/:id': `/tickets/${mailed.number}/attachments/${mailed.fileId}`,
    '/help/tickets/:number/files/:id': customerFile.pathname + customerFile.search,
  }
  const bySection: [string, Record<string, string>][] = [
    ['/tickets/', { number: String(ticket.number) }],
    ['/knowledge/', { id: await first('faqs') }],
    ['/help/articles/', { id: String(article.id) }],
    ['/help/categories/', { slug: await first('faq_categories', 'slug') }],
    ['/experiments/flags/', { id: await first('feature_flags') }],
    ['/experiments/metrics/', { id: await first('experiment_metrics') }],
    ['/experiments/', { id: experimentId }],
    ['/dashboard/experiments/', { id: experimentId }],
    ['/dashboard/', { section: 'summary', table: 'loops' }],
    ['/admin/notifications/outbox/', { id: await first('mail_outbox') }],
    ['/admin/notifications/', { id: await first('notifications') }],
    ['/r/', { token: await first('referral_links', 'token') }],
    ['/admin/mailboxes/', { id: String(mailbox.id) }],
    ['/campaigns/', { id: String(campaign.id) }],
    ['/c/', { token: campaign.token }],
    ['/o/', { pixel: `${campaign.token}.gif` }],
    ['/contacts/', { id: await first('contacts') }],
  ]

  return appRoutes()
    .filter(
      (route) => route.method === 'GET' && !/^\/(api|ofrep|health|__transmit)\//.test(route.pattern)
    )
    .map((route) => {
      if (signed[route.pattern]) return signed[route.pattern]
      const values = bySection.find(([prefix]) => route.pattern.startsWith(prefix))?.[1] ?? {}
      // Optional params are left out: the shorter URL is the page.
      const pattern = route.pattern.replace(/\/:\w+\?/g, '')
      return fillPattern(pattern, (name) => values[name] ?? `:${name}`)
    })
}

/** An SMS campaign with one recipient: its pages, its tracked link and pixel. */
async function sampleCampaign() {
  const campaign = await createCampaign(
    {
      name: 'Spring sale',
      channel: 'sms',
      variants: [
        { key: 'A', weight: 0.5, body: 'Hi {first_name}, see https://shop.example/sale' },
        // Both variants carry a link: the one recipient's variant is drawn, and /c/ needs one.
        {
          key: 'B',
          weight: 0.5,
          body: 'Hello {first_name|there}, 20 % off: https://shop.example/sale',
        },
      ],
    },
    SYSTEM_ACTOR
  )
  await addRecipients(campaign, await makeContacts(1))
  const message = await db.from('campaign_messages').where('campaign_id', campaign.id).firstOrFail()
  return { id: campaign.id, token: linkToken(Number(message.id)) }
}

/** A customer's HTML mail and their HTML reply with a screenshot: the mail views and file routes. */
async function mailedTicket() {
  const html = (messageId: string, subject: string) =>
    Buffer.from(
      `From: Dana Customer <dana@example.com>\r\nTo: support@example.com\r\nSubject: ${subject}\r\n` +
        `Message-ID: <${messageId}@mail.example.com>\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: text/html; charset=utf-8\r\n\r\n<p>The invoice layout is <b>cut off</b>.</p>\r\n`
    )
  const opened = await receiveInboundEmail(html('a11y-1', 'Invoice layout'), { kind: 'http' })
  const number = opened.ticketNumber!
  await receiveInboundEmail(html('a11y-2', `Re: [#${number}] Invoice layout`), { kind: 'http' })
  const reply = await db
    .from('ticket_messages')
    .join('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .where('tickets.number', number)
    .whereNotNull('ticket_messages.html_body')
    .select('ticket_messages.id')
    .firstOrFail()
  const { attached } = await attachFiles(reply.id, [
    { filename: 'screenshot.png', contentType: 'image/png', content: PNG },
  ])
  return { number, messageId: reply.id as number, fileId: attached[0].id }
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
)

/** A context that lets the test inject axe under the app's strict Content-Security-Policy. */
async function contextAs(browser: Browser, role: Role) {
  const context = await browser.newContext({
    baseURL: `http://${env.get('HOST')}:${env.get('PORT')}`,
    bypassCSP: true,
  })
  if (role !== 'signed out') {
    const email = role === 'admin' ? 'admin@example.com' : 'agent@example.com'
    await (context as any).loginAs(await User.findByOrFail('email', email))
  }
  return context
}

async function checkPages(context: BrowserContext, urls: string[]): Promise<Checked> {
  const checked: Checked = { pages: [], violations: [], missing: [] }
  const page = await context.newPage()
  for (const url of urls) {
    if (url.includes('/:')) {
      checked.missing.push(`${url}: no record for this param (add it to pageUrls)`)
      continue
    }
    const answer = await context.request.get(url, { maxRedirects: 0 })
    if (answer.status() === 404 || answer.status() >= 500) {
      checked.missing.push(`${url}: ${answer.status()}`)
      continue
    }
    const isPage =
      answer.status() === 200 &&
      (answer.headers()['content-type'] ?? '').startsWith('text/html') &&
      /^\s*<!doctype html>/i.test(await answer.text())
    if (!isPage) continue

    await page.goto(url)
    // Panels that load themselves by htmx are part of the page.
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {})
    await page.addScriptTag({ content: AXE_SOURCE })
    const violations = await page.evaluate(() =>
      (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] })
    )
    checked.pages.push(url)
    for (const violation of violations.violations as AxeViolation[]) {
      if (!BLOCKING.has(violation.impact)) continue
      const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' '))
      checked.violations.push(
        `${url}: ${violation.id} (${violation.impact}) × ${violation.nodes.length}: ${violation.help} — ${targets.join(', ')}`
      )
    }
  }
  await page.close()
  return checked
}

interface AxeViolation {
  id: string
  impact: string
  help: string
  nodes: { target: string[] }[]
}

test.group('Browser / accessibility (axe-core)', (group) => {
  let urls: string[]

  group.setup(async () => {
    await resetDatabase()
    await testUtils.db().seed()
    // Results pages show their tables and charts, as they do once the timer has run.
    await recomputeMany(await experimentsToRecompute([], true), { computedBy: 'command' })
    urls = await pageUrls()
    return resetDatabase
  })

  const FEWEST_PAGES: Record<Role, number> = { 'signed out': 5, 'agent': 10, 'admin': 30 }

  for (const role of Object.keys(FEWEST_PAGES) as Role[]) {
    test(`every page ${role === 'signed out' ? 'signed out' : `of an ${role}`} has no serious or critical violations`, async ({
      browser,
      assert,
    }) => {
      const context = await contextAs(browser, role)
      const checked = await checkPages(context, urls)
      await context.close()
      console.log(`  ${role}: ${checked.pages.length} pages checked`)
      assert.deepEqual(checked.missing, [], checked.missing.join('\n'))
      assert.isAtLeast(checked.pages.length, FEWEST_PAGES[role])
      assert.deepEqual(checked.violations, [], checked.violations.join('\n'))
      // An admin sees every page (40 and more): over 4 minutes on a loaded two-core machine.
    }).timeout(480_000)
  }
})
