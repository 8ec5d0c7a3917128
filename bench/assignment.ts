/**
 * Assignment benchmark: node --import=@poppinss/ts-exec bench/assignment.ts
 * Stops by itself (about 7–8 s on the machine in bench/README.md).
 *
 * 1. Compatibility: our evaluateAssignment and the GrowthBook JS SDK's runInlineExperiment
 *    pick the same variant (or both leave the subject out) for the first 10,000 subjects,
 *    for hash versions 1 and 2 and a few weight/coverage settings.
 * 2. Speed: both evaluate the same 2-variant experiment (50/50, coverage 1, hash v2, a
 *    two-condition targeting rule) for 1,000,000 distinct subjects, after a warm-up, in
 *    alternating rounds; prints ops/s of each and the ratio (target ≥ 5×).
 */
import os from 'node:os'
import { GrowthBookClient, type Experiment, type UserContext } from '@growthbook/growthbook'
import { evaluateAssignment } from '../app/evaluation/evaluator.js'
import type {
  ExperimentDefinition,
  SubjectContext,
  TargetingRule,
} from '../app/evaluation/types.js'

// GrowthBook formats debug log arguments unless NODE_ENV is production; measure it at its best.
process.env.NODE_ENV = 'production'

const SUBJECTS = 1_000_000
const COMPAT_SUBJECTS = 10_000
const WARMUP_SUBJECTS = 500_000
const ROUNDS = 5

/* ---------- The same experiment, in both shapes ---------- */

const targeting: TargetingRule = {
  all: [
    { attribute: 'country', op: 'in', value: ['US', 'CA', 'GB'] },
    { attribute: 'plan.tier', op: 'neq', value: 'free' },
  ],
}
const condition = { 'country': { $in: ['US', 'CA', 'GB'] }, 'plan.tier': { $ne: 'free' } }

interface Setup {
  hashVersion: 1 | 2
  weights: [number, number]
  coverage: number
}

function ourExperiment({ hashVersion, weights, coverage }: Setup): ExperimentDefinition {
  return {
    id: 1,
    key: 'checkout-button',
    name: 'Checkout button',
    status: 'running',
    unit: 'user',
    assignment: 'deterministic',
    coverage,
    hashSeed: 'seed-7f3a',
    hashVersion,
    targeting,
    variants: weights.map((weight, index) => ({
      id: index + 1,
      key: index === 0 ? 'control' : 'treatment',
      name: index === 0 ? 'Control' : 'Treatment',
      weight,
      isControl: index === 0,
      config: {},
    })),
    namespaces: [],
    kind: 'experiment',
    holdoutId: null,
    winnerVariantKey: null,
  }
}

function growthbookExperiment({ hashVersion, weights, coverage }: Setup): Experiment<string> {
  return {
    key: 'checkout-button',
    variations: ['control', 'treatment'],
    weights,
    coverage,
    seed: 'seed-7f3a',
    hashVersion,
    hashAttribute: 'id',
    condition,
  }
}

/* ---------- Subjects: UUID-shaped ids, attributes in rotation ---------- */

const subjectId = (i: number) => `0b1e7c2a-5d4f-4e8b-9a6c-${i.toString(16).padStart(12, '0')}`
// 5 and 6 are coprime, so country and tier vary independently: 4/5 × 5/6 = 2/3 pass targeting.
const COUNTRIES = ['US', 'CA', 'GB', 'US', 'FR']
const TIERS = ['pro', 'team', 'pro', 'team', 'pro', 'free']

function attributesOf(i: number) {
  return { country: COUNTRIES[i % COUNTRIES.length], plan: { tier: TIERS[i % TIERS.length] } }
}

const ourSubjects: SubjectContext[] = []
const growthbookUsers: UserContext[] = []
for (let i = 0; i < SUBJECTS; i++) {
  const attributes = attributesOf(i)
  ourSubjects.push({ userId: subjectId(i), attributes })
  growthbookUsers.push({ attributes: { id: subjectId(i), ...attributes } })
}

const client = new GrowthBookClient()

function ourVariant(experiment: ExperimentDefinition, i: number): number {
  const result = evaluateAssignment(experiment, ourSubjects[i])
  return result.outcome === 'assigned' ? result.variantIndex : -1
}

function growthbookVariant(experiment: Experiment<string>, i: number): number {
  const result = client.runInlineExperiment(experiment, growthbookUsers[i])
  return result.inExperiment ? result.variationId : -1
}

console.log(
  `Node ${process.version} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} CPUs), ${os.platform()} ${os.arch()}`
)

/* ---------- 1. Compatibility ---------- */

console.log(
  `\nSame variant as GrowthBook, first ${COMPAT_SUBJECTS.toLocaleString('en-US')} subjects:`
)
const setups: Setup[] = [
  { hashVersion: 2, weights: [0.5, 0.5], coverage: 1 },
  { hashVersion: 1, weights: [0.5, 0.5], coverage: 1 },
  { hashVersion: 2, weights: [0.2, 0.8], coverage: 0.6 },
  { hashVersion: 1, weights: [0.2, 0.8], coverage: 0.6 },
]
let mismatches = 0
for (const setup of setups) {
  const ours = ourExperiment(setup)
  const theirs = growthbookExperiment(setup)
  let differ = 0
  let assigned = 0
  for (let i = 0; i < COMPAT_SUBJECTS; i++) {
    const variant = ourVariant(ours, i)
    if (variant !== growthbookVariant(theirs, i)) differ++
    if (variant >= 0) assigned++
  }
  mismatches += differ
  console.log(
    `  hash v${setup.hashVersion}, weights ${setup.weights.join('/')}, coverage ${setup.coverage}: ` +
      `${differ === 0 ? 'identical' : `${differ} DIFFERENT`} (${assigned} assigned)`
  )
}
if (mismatches > 0) process.exitCode = 1

/* ---------- 2. Speed ---------- */

const setup: Setup = { hashVersion: 2, weights: [0.5, 0.5], coverage: 1 }
const ours = ourExperiment(setup)
const theirs = growthbookExperiment(setup)

/** Runs `variantOf` over subjects [0, count); returns ops/s and a checksum of the variants. */
function measure(variantOf: (i: number) => number, count: number) {
  let checksum = 0
  const started = performance.now()
  for (let i = 0; i < count; i++) checksum += variantOf(i) + 1
  const seconds = (performance.now() - started) / 1000
  return { opsPerSecond: count / seconds, checksum }
}

const runOurs = (i: number) => ourVariant(ours, i)
const runGrowthbook = (i: number) => growthbookVariant(theirs, i)
measure(runOurs, WARMUP_SUBJECTS)
measure(runGrowthbook, WARMUP_SUBJECTS)

const format = (ops: number) => `${Math.round(ops).toLocaleString('en-US')} ops/s`
const ourRates: number[] = []
const growthbookRates: number[] = []
console.log(
  `\nSpeed, ${SUBJECTS.toLocaleString('en-US')} distinct subjects per round ` +
    `(2 variants 50/50, coverage 1, hash v2, targeting all[in, neq] passed by 2/3):`
)
for (let round = 1; round <= ROUNDS; round++) {
  const a = measure(runOurs, SUBJECTS)
  const b = measure(runGrowthbook, SUBJECTS)
  if (a.checksum !== b.checksum) {
    console.log(`  round ${round}: checksums differ (${a.checksum} vs ${b.checksum})`)
    process.exitCode = 1
  }
  ourRates.push(a.opsPerSecond)
  growthbookRates.push(b.opsPerSecond)
  console.log(
    `  round ${round}: evaluateAssignment ${format(a.opsPerSecond)}, ` +
      `GrowthBook runInlineExperiment ${format(b.opsPerSecond)}, ratio ${(a.opsPerSecond / b.opsPerSecond).toFixed(1)}×`
  )
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]
const ratio = median(ourRates) / median(growthbookRates)
console.log(
  `\nMedian of ${ROUNDS} rounds: evaluateAssignment ${format(median(ourRates))}, ` +
    `GrowthBook ${format(median(growthbookRates))}, ratio ${ratio.toFixed(1)}× ` +
    `(target ≥ 5×: ${ratio >= 5 ? 'met' : 'NOT met'})`
)
