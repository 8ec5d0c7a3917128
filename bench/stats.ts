/**
 * Statistics benchmark: `npm run bench:stats`
 * (node --import=@poppinss/ts-exec bench/stats.ts). Stops by itself in a few seconds.
 *
 * 1. analyzeExperiment on a 4-variant binomial metric, per method (ops/s).
 * 2. bayesianBetaBinomial with 1,000,000 conversions per arm (ms per call).
 * 3. cupedMeans on a two-arm revenue metric with its pre-period covariate (ops/s).
 */
import os from 'node:os'
import {
  analyzeExperiment,
  bayesianBetaBinomial,
  cupedMeans,
  isStatsError,
} from '../app/stats/index.js'
import type { AnalysisMethod, BinomialVariantInput } from '../app/stats/index.js'

const RUN_MS = 1000

/**
 * Calls `fn` repeatedly for about `durationMs` after a warm-up; returns ops/s of wall
 * time, and ops per second of this process's CPU time (`cpuOps`), which other work on a
 * shared machine disturbs much less.
 */
function opsPerSecond(
  fn: () => unknown,
  durationMs = RUN_MS
): { ops: number; cpuOps: number; perCallMs: number } {
  for (let i = 0; i < 20; i++) fn()
  let calls = 0
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  let elapsed = 0
  while (elapsed < durationMs) {
    for (let i = 0; i < 10; i++) fn()
    calls += 10
    elapsed = performance.now() - started
  }
  const cpu = process.cpuUsage(cpuStarted)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  return { ops: (calls / elapsed) * 1000, cpuOps: calls / cpuSeconds, perCallMs: elapsed / calls }
}

function timeCalls(fn: () => unknown, runs: number): number[] {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    fn()
    times.push(performance.now() - started)
  }
  return times
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

console.log(
  `Node ${process.version} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} CPUs), ${os.platform()} ${os.arch()}`
)

// 1. analyzeExperiment, 4-variant binomial metric (realistic mid-size experiment).
// Eight slightly different inputs in rotation, and a checksum of the results,
// so that the engine cannot cache or drop the work.
const inputsFor = (method: AnalysisMethod) =>
  Array.from({ length: 8 }, (_, i) => {
    const variants: BinomialVariantInput[] = [
      { key: 'A', isControl: true, n: 25_000, conversions: 2_500 + i },
      { key: 'B', isControl: false, n: 25_040, conversions: 2_710 },
      { key: 'C', isControl: false, n: 24_980, conversions: 2_540 - i },
      { key: 'D', isControl: false, n: 25_010, conversions: 2_430 },
    ]
    return { variants, weights: [1, 1, 1, 1], settings: { method, minimumSampleSize: 20_000 } }
  })
let checksum = 0
console.log('\nanalyzeExperiment, 4-variant binomial metric (n ≈ 25,000 per variant):')
for (const method of ['frequentist', 'bayesian', 'sequential'] as AnalysisMethod[]) {
  const inputs = inputsFor(method)
  const status = analyzeExperiment(inputs[0]).status
  let next = 0
  const { ops, cpuOps, perCallMs } = opsPerSecond(() => {
    const analysis = analyzeExperiment(inputs[next++ % inputs.length])
    checksum += analysis.variants[1].n + analysis.recommendation.length
  })
  console.log(
    `  ${method.padEnd(12)} ${ops.toFixed(0).padStart(8)} ops/s, ${cpuOps.toFixed(0).padStart(8)} per CPU-second  (${perCallMs.toFixed(3)} ms/call, status ${status})`
  )
}

// 2. Exact P(B > A), expected losses and credible intervals at 1,000,000 conversions per arm.
console.log('\nbayesianBetaBinomial, 1,000,000 conversions per arm (10,000,000 subjects each):')
const bigInput = {
  conversionsA: 1_000_000,
  nA: 10_000_000,
  conversionsB: 1_002_000,
  nB: 10_000_000,
}
const [cold] = timeCalls(() => bayesianBetaBinomial(bigInput), 1)
const warm = timeCalls(() => bayesianBetaBinomial(bigInput), 50)
const result = bayesianBetaBinomial(bigInput)
if (isStatsError(result)) throw new Error(result.error)
console.log(
  `  first call ${cold.toFixed(2)} ms; next 50 calls: median ${median(warm).toFixed(3)} ms, max ${Math.max(...warm).toFixed(3)} ms`
)
console.log(
  `  P(B > A) = ${result.probBBeatsA}, P(A > B) = ${result.probABeatsB}, loss(B) = ${result.expectedLossChooseB}`
)

const equalInput = {
  conversionsA: 1_000_000,
  nA: 2_000_000,
  conversionsB: 1_000_000,
  nB: 2_000_000,
}
const equal = timeCalls(() => bayesianBetaBinomial(equalInput), 50)
console.log(
  `  1,000,000 of 2,000,000 per arm: median ${median(equal).toFixed(3)} ms, max ${Math.max(...equal).toFixed(3)} ms`
)

// 3. CUPED (spec §14): θ from both arms, adjusted moments, the §13 t test on both scales.
// A revenue metric with ~25,000 users per arm; eight inputs rotate as in 1.
const cupedInputs = Array.from({ length: 8 }, (_, i) => ({
  metricType: 'mean' as const,
  a: {
    n: 25_000,
    sum: 953_516 + 40 * i,
    sumSquares: 51_919_916,
    preSum: 1_018_966,
    preSumSquares: 55_949_266,
    sumProduct: 49_845_133,
  },
  b: {
    n: 25_330,
    sum: 1_033_570,
    sumSquares: 58_818_816 + 90 * i,
    preSum: 1_058_533,
    preSumSquares: 58_275_433,
    sumProduct: 54_244_433,
  },
  alpha: 0.05,
}))
const cupedCheck = cupedMeans(cupedInputs[0])
if (isStatsError(cupedCheck)) throw new Error(cupedCheck.error)
let nextCuped = 0
const cuped = opsPerSecond(() => {
  const adjusted = cupedMeans(cupedInputs[nextCuped++ % cupedInputs.length])
  if (!isStatsError(adjusted)) checksum += adjusted.pValue
})
console.log('\ncupedMeans, mean metric with a pre-period covariate (n ≈ 25,000 per arm):')
console.log(
  `  ${cuped.ops.toFixed(0).padStart(8)} ops/s, ${cuped.cpuOps.toFixed(0).padStart(8)} per CPU-second  (${(cuped.perCallMs * 1000).toFixed(2)} µs/call, θ = ${cupedCheck.theta.toFixed(3)}, variance reduction ${(100 * cupedCheck.varianceReduction).toFixed(1)}%)`
)
console.log(`\n(checksum ${checksum.toFixed(0)})`)
