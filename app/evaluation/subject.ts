import { unitIdOf } from './evaluator.js'
import type { ExperimentDefinition, SubjectContext } from './types.js'

/**
 * The `userContext` of the JSON API (Pitchey shape): ids plus attributes, with extra
 * attributes optionally nested under `customProperties`. Everything except the
 * customProperties wrapper is available to targeting rules.
 */
export function subjectFromContext(
  context: Record<string, unknown> | undefined | null
): SubjectContext {
  const { customProperties, ...rest } = (context ?? {}) as Record<string, unknown>
  const text = (value: unknown) =>
    value === undefined || value === null || value === '' ? null : String(value)
  return {
    userId: text(rest.userId),
    teamId: text(rest.teamId),
    visitorId: text(rest.visitorId ?? rest.sessionId),
    sessionId: text(rest.sessionId),
    contactId: text(rest.contactId),
    attributes: {
      ...(customProperties && typeof customProperties === 'object' ? customProperties : {}),
      ...rest,
    },
  }
}

/** The id the experiment's unit hashes and stores, or null when the subject has none. */
export const subjectIdFor = (subject: SubjectContext, experiment: ExperimentDefinition) =>
  unitIdOf(experiment.unit, subject)
