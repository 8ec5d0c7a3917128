/**
 * Multiple-testing correction over a family the user chooses (GrowthBook #2868):
 * - 'metric': each metric on its own, across its variants (analyzeExperiment's default);
 * - 'experiment': every comparison of every metric in the family (an experiment's primary
 *   and secondary metrics) together, so that looking at many metrics does not make a
 *   chance difference look significant.
 * Metrics outside the family (guardrails) keep the per-metric correction: a guardrail is a
 * safety check, and widening its family would make harm harder to see.
 */
import { analyzeExperiment } from './analyze.js'
import type { AnalyzeExperimentInput, ExperimentAnalysis } from './analyze_types.js'

export type CorrectionScope = 'metric' | 'experiment'

export interface FamilyMember {
  input: AnalyzeExperimentInput
  /** Whether this metric's comparisons belong to the shared family. */
  inFamily: boolean
}

/** Raw (uncorrected) p-values of one metric's comparisons with the control. */
function rawPValues(input: AnalyzeExperimentInput): number[] {
  const raw = analyzeExperiment({
    ...input,
    familyPValues: [],
    settings: { ...input.settings, correction: 'none' },
  })
  return raw.variants.flatMap((v) =>
    typeof v.comparison?.pValue === 'number' ? [v.comparison.pValue] : []
  )
}

/**
 * Analyzes several metrics of one experiment, correcting over the chosen scope: with
 * 'experiment', each family member's correction also counts the raw p-values of the other
 * members (Holm and BH adjust over the union, so each comparison gets the adjusted p-value
 * it has in the whole family). Bayesian results have no p-values and are not corrected.
 */
export function analyzeMetricFamily(
  members: FamilyMember[],
  scope: CorrectionScope
): ExperimentAnalysis[] {
  const corrected = (m: FamilyMember) =>
    scope === 'experiment' &&
    m.inFamily &&
    m.input.settings.method !== 'bayesian' &&
    (m.input.settings.correction ?? 'holm') !== 'none'
  const raw = members.map((m) => (corrected(m) ? rawPValues(m.input) : []))
  return members.map((member, i) => {
    if (!corrected(member)) return analyzeExperiment(member.input)
    const others = raw.flatMap((pValues, j) => (j !== i && members[j].inFamily ? pValues : []))
    return analyzeExperiment({ ...member.input, familyPValues: others })
  })
}
