/**
 * POST /api/experiments/track/batch against a raw PostgreSQL COPY of the same rows, in the
 * same run (bench/support/track_vs_copy.ts). Usage: npm run bench:track -- [batches, default 200]
 */
import { startBenchApp } from './support/bench_app.js'
import { trackBatchVersusCopy } from './support/track_vs_copy.js'

const app = await startBenchApp()
try {
  await trackBatchVersusCopy(app, Number(process.argv[2] ?? 200))
} finally {
  await app.stop()
}
