import type { ExperimentStatus } from '#evaluation/types'

export const LIFECYCLE_ACTIONS = ['start', 'pause', 'resume', 'complete'] as const
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number]

/**
 * What each lifecycle action does: the statuses it applies to and where it leads. A draft
 * starts once; running and paused alternate; completed is final (results stay readable).
 */
const TRANSITIONS: Record<
  LifecycleAction,
  { from: readonly ExperimentStatus[]; to: ExperimentStatus }
> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  complete: { from: ['running', 'paused'], to: 'completed' },
}

export function allowedActions(status: ExperimentStatus): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status))
}

export function canApply(action: LifecycleAction, status: ExperimentStatus) {
  return TRANSITIONS[action].from.includes(status)
}

export function statusAfter(action: LifecycleAction): ExperimentStatus {
  return TRANSITIONS[action].to
}

/** "A draft experiment cannot pause. Allowed: start." or "… It is final." */
export function describeRefusal(status: ExperimentStatus, action: LifecycleAction) {
  const allowed = allowedActions(status)
  return (
    `A ${status} experiment cannot ${action}. ` +
    (allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'It is final.')
  )
}
