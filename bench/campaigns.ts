/**
 * Campaigns at scale (issue 24), on the production build (bench/support/bench_app.ts):
 *  1. 100,000 contacts with SMS consent (SQL), an SMS A/B campaign through the seed's API;
 *  2. assign and queue: `POST /recipients` with the 100,000 ids, then `POST /send` (target ≤ 5 s);
 *  3. sending to the outbox transport by the server's own queue worker, its rate
 *     (CAMPAIGN_SMS_PER_SECOND raised so the limit is not what is measured; target ≥ 1,000/s);
 *  4. Twilio status callbacks over HTTP, signed, `delivered` for sent messages, CONCURRENCY
 *     at a time (target ≥ 2,000/s);
 *  5. `GET /ab-results` of the 100,000-recipient campaign (target ≤ 1 s).
 * Usage: npm run bench:campaigns -- [recipients, default 100000] [callbacks, default 20000]
 * BENCH_CPU_PROF=<dir> writes the server's CPU profile there (node --cpu-prof) when it stops.
 */
import pg from 'pg'
import { loadavg } from 'node:os'
import { api, startBenchApp } from './support/bench_app.js'
import { backendsCpuMillis, cpuMillis } from './support/load.js'
import { twilioSignature } from '../tests/helpers/twilio_signature.js'

const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg))
const RECIPIENTS = Number(numbers[0] ?? 100_000)
const CALLBACKS = Number(numbers[1] ?? 20_000)
const CONCURRENCY = 32
const SEND_SECONDS = 120
const TWILIO_TOKEN = 'bench-twilio-auth-token'

const seconds = (since: number) => (performance.now() - since) / 1000

async function count(db: pg.Client, sql: string, values: unknown[] = []) {
  const result = await db.query(sql, values)
  return Number(result.rows[0].n)
}

async function main() {
  console.log(`Campaigns bench: ${RECIPIENTS} recipients, ${CALLBACKS} status callbacks`)
  console.log(
    `  load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`
  )
  const profileDir = process.env.BENCH_CPU_PROF
  const app = await startBenchApp({
    // As root, the measured processes run at nice -10 (bench_app.ts), as in bench:http.
    priority: process.getuid?.() === 0 ? -10 : undefined,
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    env: {
      QUEUE_WORK_IN_WEB: 'true',
      SMS_TRANSPORT: 'outbox',
      CAMPAIGN_SMS_PER_SECOND: '5000',
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    },
  })
  const db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  try {
    console.log(`  ${RECIPIENTS} contacts…`)
    await db.query(
      `INSERT INTO contacts (email, phone, first_name, consent)
       SELECT 'c' || i || '@bench.test', '+1415' || (2000000 + i), 'Name' || i,
              jsonb_build_object('sms', jsonb_build_object('granted', true, 'source', 'bench', 'at', now()))
         FROM generate_series(1, $1) AS i`,
      [RECIPIENTS]
    )
    const contacts = await db.query('SELECT id FROM contacts ORDER BY id')
    const ids = contacts.rows.map((r) => Number(r.id))
    const created = (await api(app, '/api/campaigns/ab-test', {
      name: 'Bench campaign',
      template_a: 'Hi {first_name}, 20% off this week: https://example.com/sale',
      template_b: 'Hello {first_name|there}, save big: https://example.com/sale',
      ab_config: { split_ratio: 50, min_sample_size: 30, winner_threshold: 0.95 },
    })) as { data: { id: number } }
    const id = created.data.id

    const assignCpu = cpuMillis(app.pid)
    const assignDbCpu = backendsCpuMillis(app.databasePid, 'app_bench')
    const assignStart = performance.now()
    await api(app, `/api/campaigns/${id}/recipients`, { contact_ids: ids })
    const assigned = seconds(assignStart)
    await api(app, `/api/campaigns/${id}/send`, {})
    const assignAndQueue = seconds(assignStart)
    const assignServerCpu = (cpuMillis(app.pid) - assignCpu) / 1000
    const assignDatabaseCpu = (backendsCpuMillis(app.databasePid, 'app_bench') - assignDbCpu) / 1000
    const queued = await count(
      db,
      `SELECT count(*) AS n FROM campaign_messages WHERE campaign_id = $1 AND status <> 'waiting'`,
      [id]
    )
    console.log(
      `  assign ${RECIPIENTS}: ${assigned.toFixed(2)} s; assign + queue: ${assignAndQueue.toFixed(2)} s (${queued} queued or further); CPU: server ${assignServerCpu.toFixed(2)} s, PostgreSQL backends ${assignDatabaseCpu.toFixed(2)} s`
    )

    // Sending: from the first message sent until all are, or SEND_SECONDS.
    const sentSql = `SELECT count(*) AS n FROM campaign_messages WHERE campaign_id = $1 AND sent_at IS NOT NULL`
    let firstAt = 0
    let firstCount = 0
    let sent = 0
    const sendDeadline = performance.now() + SEND_SECONDS * 1000
    while (performance.now() < sendDeadline) {
      sent = await count(db, sentSql, [id])
      if (sent > 0 && firstAt === 0) {
        firstAt = performance.now()
        firstCount = sent
      }
      if (sent >= RECIPIENTS) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const sendRate = firstAt ? (sent - firstCount) / seconds(firstAt) : 0
    console.log(`  sent ${sent}: ${sendRate.toFixed(0)} messages/s to the outbox transport`)

    // Status callbacks, signed the way Twilio signs them, for sent messages.
    const callbackUrl = `${app.url}/api/webhooks/twilio/status`
    const sentRows = await db.query(
      `SELECT provider_message_id FROM campaign_messages
        WHERE campaign_id = $1 AND provider_message_id IS NOT NULL ORDER BY id LIMIT $2`,
      [id, CALLBACKS]
    )
    const providerIds = sentRows.rows.map((r) => r.provider_message_id as string)
    const requests = providerIds.map((sid) => {
      const params = { AccountSid: 'AC0', MessageSid: sid, MessageStatus: 'delivered' }
      return {
        body: new URLSearchParams(params).toString(),
        signature: twilioSignature(TWILIO_TOKEN, callbackUrl, params),
      }
    })
    let next = 0
    let failures = 0
    const callbackCpu = cpuMillis(app.pid)
    const callbackDbCpu = backendsCpuMillis(app.databasePid, 'app_bench')
    const callbackStart = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]
          const response = await fetch(callbackUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': request.signature,
            },
            body: request.body,
          })
          await response.arrayBuffer()
          if (response.status !== 204) failures++
        }
      })
    )
    const callbackRate = requests.length / seconds(callbackStart)
    const cpuPerCallback = (cpuMillis(app.pid) - callbackCpu) / requests.length
    const dbCpuPerCallback =
      (backendsCpuMillis(app.databasePid, 'app_bench') - callbackDbCpu) / requests.length
    const delivered = await count(
      db,
      `SELECT count(*) AS n FROM campaign_messages WHERE campaign_id = $1 AND delivered_at IS NOT NULL`,
      [id]
    )
    console.log(
      `  ${requests.length} status callbacks (${CONCURRENCY} at a time): ${callbackRate.toFixed(0)}/s, ${failures} not 204, ${delivered} delivered, server CPU ${(cpuPerCallback * 1000).toFixed(0)} µs each, PostgreSQL ${(dbCpuPerCallback * 1000).toFixed(0)} µs`
    )

    const timings: number[] = []
    for (let i = 0; i < 5; i++) {
      const start = performance.now()
      const response = await fetch(`${app.url}/api/campaigns/${id}/ab-results`, {
        headers: { authorization: `Bearer ${app.token}` },
      })
      const body = (await response.json()) as { data: { variant_a: { recipients: number } } }
      timings.push(seconds(start))
      if (i === 0)
        console.log(`  results: variant A has ${body.data.variant_a.recipients} recipients`)
    }
    timings.sort((a, b) => a - b)
    console.log(
      `  GET /ab-results (${RECIPIENTS} recipients): median ${(timings[2] * 1000).toFixed(0)} ms, max ${(timings[4] * 1000).toFixed(0)} ms`
    )
    console.log(
      `  load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`
    )
  } finally {
    await db.end()
    await app.stop()
  }
}

await main()
