/**
 * POST /api/experiments/assignments with a new subject on every call (every answer
 * stores an assignment before it is sent), at 50 connections, and GET /health/live in the
 * same run for scale. Usage: npm run bench:api -- [seconds per run, default 10]
 */
import { runLoad } from './support/load.js'
import { api, startBenchApp } from './support/bench_app.js'

const SECONDS = Number(process.argv[2] ?? 10)
const CONNECTIONS = 50

const app = await startBenchApp()
try {
  const created = (await api(app, '/api/experiments', {
    key: 'bench-cta',
    name: 'Bench CTA',
    variants: [
      { id: 'control', name: 'Control', trafficAllocation: 0.5 },
      { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
    ],
    primaryMetric: 'signup',
  })) as { data: { id: number } }
  await api(app, `/api/experiments/${created.data.id}/start`, {})

  console.log('  warming up…')
  await runLoad({ url: `${app.url}/health/live`, connections: 10, seconds: 2 })

  console.log(`  GET /health/live, ${CONNECTIONS} connections, ${SECONDS} s…`)
  const health = await runLoad({
    url: `${app.url}/health/live`,
    connections: CONNECTIONS,
    seconds: SECONDS,
  })

  console.log(
    `  POST /api/experiments/assignments, new subject each call, ${CONNECTIONS} connections, ${SECONDS} s…`
  )
  const assignments = await runLoad({
    url: `${app.url}/api/experiments/assignments`,
    connections: CONNECTIONS,
    seconds: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` },
    bodyTemplate: '{"userContext":{"userId":"bench-%N%","plan":"pro"}}',
  })

  const stored = await fetch(`${app.url}/api/experiments/${created.data.id}`, {
    headers: { authorization: `Bearer ${app.token}` },
  }).then(
    (r) => r.json() as Promise<{ data: { variants: { assignments: { assigned: number } }[] } }>
  )
  const storedCount = stored.data.variants.reduce((sum, v) => sum + v.assignments.assigned, 0)

  console.table({ 'GET /health/live': health, 'POST /api/experiments/assignments': assignments })
  console.log(
    `assignments / health ratio: ${(assignments.requestsPerSecond / health.requestsPerSecond).toFixed(2)}; ` +
      `${storedCount} assignments stored for ${assignments.total} requests`
  )
} finally {
  await app.stop()
}
