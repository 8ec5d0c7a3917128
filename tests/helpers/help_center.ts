import { randomUUID } from 'node:crypto'
import { assignSubjects, definitions, HELP_CENTER_EXPERIMENT } from '#services/experiments'

/** The built-in help-center experiment's definition, as assignment reads it. */
export async function helpCenterDefinition() {
  const all = await definitions()
  return all.experimentsByKey.get(HELP_CENTER_EXPERIMENT)!
}

/** Visitor ids split by the help-center experiment into its holdout and the rest. */
export async function visitorsByArm(count: number) {
  const experiment = await helpCenterDefinition()
  const ids = Array.from({ length: count }, () => randomUUID())
  const answers = await assignSubjects(
    ids.map((visitorId) => ({ visitorId, attributes: {} })),
    [experiment],
    'store'
  )
  const holdout = ids.filter((_, i) => answers[i][0].variant?.key === 'holdout')
  const shown = ids.filter((_, i) => answers[i][0].variant?.key === 'suggestions')
  return { holdout, shown }
}
