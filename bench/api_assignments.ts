/**
 * POST /api/experiments/assignments with a new subject on every call (so every answer
 * stores an assignment before it is sent), at 50 connections, against /health/live in
 * the same run. Usage: npm run bench:api -- [seconds per run, default 10]
 */
import autocannon from 'autocannon'
import { api, startBenchApp } from './support/bench_app.js'

const SECONDS = Number(process.argv[2] ?? 10)
const CONNECTIONS = 50

function summary(name: string, result: autocannon.Result) {
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  }
}

const app = await startBenchApp()
try {
  const experiment = await api(app, '/api/experiments', {
    key: 'bench-cta',
    name: 'Bench CTA',
    variants: [
      { id: 'control', name: 'Control', trafficAllocation: 0.5 },
      { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
    ],
    primaryMetric: 'signup',
  })
  await api(app, `/api/experiments/${(experiment as { data: { id: number } }).data.id}/start`, {})

  console.log(`  warming up…`)
  await autocannon({ url: `${app.url}/health/live`, connections: 10, duration: 2 })

  console.log(`  GET /health/live, ${CONNECTIONS} connections, ${SECONDS} s…`)
  const health = await autocannon({ url: `${app.url}/health/live`, connections: CONNECTIONS, duration: SECONDS })

  let next = 0
  console.log(`  POST /api/experiments/assignments (new subject each call), ${CONNECTIONS} connections, ${SECONDS} s…`)
  const assignments = await autocannon({
    url: `${app.url}/api/experiments/assignments`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ userContext: { userId: `bench-${++next}`, plan: 'pro' } }),
        }),
      },
    ],
  })

  const rows = [summary('GET /health/live', health), summary('POST /api/experiments/assignments', assignments)]
  console.table(rows)
  console.log(
    `assignments / health ratio: ${(rows[1].requestsPerSecond / rows[0].requestsPerSecond).toFixed(2)} ` +
      `(${rows[1].total} subjects assigned and stored)`
  )
} finally {
  await app.stop()
}
