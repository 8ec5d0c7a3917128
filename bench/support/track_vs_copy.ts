/**
 * POST /api/experiments/track/batch with 500 events per call (each answered only after
 * its events are committed), against a raw PostgreSQL COPY of the same rows into the same
 * table, in the same run (bench:track and bench:http).
 */
import pg from 'pg'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { from as copyFrom } from 'pg-copy-streams'
import { api, type BenchApp } from './bench_app.js'

const EVENTS_PER_BATCH = 500
const SUBJECTS = 20_000
const CONCURRENCY = 4

export interface TrackVersusCopy {
  apiEventsPerSecond: number
  copyEventsPerSecond: number
  /** API / COPY. */
  ratio: number
}

export async function trackBatchVersusCopy(
  app: BenchApp,
  batches: number
): Promise<TrackVersusCopy> {
  const BATCHES = batches
  const client = new pg.Client({ connectionString: app.databaseUrl })
  await client.connect()
  try {
    const created = (await api(app, '/api/experiments', {
      key: 'bench-track',
      name: 'Bench tracking',
      variants: [
        { id: 'control', name: 'Control', trafficAllocation: 0.5 },
        { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
      ],
      primaryMetric: 'purchase',
    })) as { data: { id: number; variants: { variantId: number }[] } }
    const experimentId = created.data.id
    await api(app, `/api/experiments/${experimentId}/start`, {})
    const [variantA, variantB] = created.data.variants.map((v) => v.variantId)

    console.log(`  assigning ${SUBJECTS} subjects…`)
    await client.query(
      `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how)
     SELECT $1, CASE WHEN i % 2 = 0 THEN $2::int ELSE $3::int END, 'u' || i, 'deterministic'
       FROM generate_series(1, $4) AS i`,
      [experimentId, variantA, variantB, SUBJECTS]
    )

    const batchBody = (batch: number) =>
      JSON.stringify({
        events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
          const n = batch * EVENTS_PER_BATCH + i
          return {
            experimentId,
            eventType: n % 5 === 0 ? 'purchase' : 'page_view',
            userContext: { userId: `u${(n % SUBJECTS) + 1}` },
            eventData:
              n % 5 === 0
                ? { eventValue: 19.99, properties: { sku: `sku-${n % 50}` } }
                : { url: '/pricing' },
            idempotencyKey: `evt-${n}`,
          }
        }),
      })

    // Warm up (not counted), then the measured API run.
    await fetch(`${app.url}/api/experiments/track/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` },
      body: batchBody(BATCHES + 1),
    })
    console.log(
      `  API: ${BATCHES} batches × ${EVENTS_PER_BATCH} events, ${CONCURRENCY} concurrent requests…`
    )
    let next = 0
    let accepted = 0
    const apiStart = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < BATCHES) {
          const batch = next++
          const response = await fetch(`${app.url}/api/experiments/track/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` },
            body: batchBody(batch),
          })
          const result = (await response.json()) as { data: { accepted: number } }
          accepted += result.data.accepted
        }
      })
    )
    const apiSeconds = (performance.now() - apiStart) / 1000

    // The same rows (shape and volume) through COPY, on one connection.
    const rows = BATCHES * EVENTS_PER_BATCH
    console.log(`  COPY: ${rows} rows…`)
    const copyStart = performance.now()
    const lines = function* () {
      for (let n = 0; n < rows; n++) {
        const purchase = n % 5 === 0
        const subject = (n % SUBJECTS) + 1
        yield (
          `${experimentId}\t${subject % 2 === 0 ? variantA : variantB}\tu${subject}\t${purchase ? 'purchase' : 'page_view'}\t` +
          `${purchase ? '19.99' : '\\N'}\t${purchase ? `{"sku": "sku-${n % 50}"}` : '{"url": "/pricing"}'}\tcopy-${n}\t${new Date().toISOString()}\n`
        )
      }
    }
    await pipeline(
      Readable.from(lines()),
      client.query(
        copyFrom(
          'COPY experiment_events (experiment_id, variant_id, subject_id, event_name, value, properties, idempotency_key, occurred_at) FROM STDIN'
        )
      )
    )
    const copySeconds = (performance.now() - copyStart) / 1000

    const apiRate = accepted / apiSeconds
    const copyRate = rows / copySeconds
    console.table({
      'API track/batch': {
        events: accepted,
        seconds: +apiSeconds.toFixed(2),
        eventsPerSecond: Math.round(apiRate),
      },
      'COPY': {
        events: rows,
        seconds: +copySeconds.toFixed(2),
        eventsPerSecond: Math.round(copyRate),
      },
    })
    console.log(`API / COPY: ${((apiRate / copyRate) * 100).toFixed(1)} %`)
    return { apiEventsPerSecond: apiRate, copyEventsPerSecond: copyRate, ratio: apiRate / copyRate }
  } finally {
    await client.end()
  }
}
