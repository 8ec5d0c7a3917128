import {
  createExperiment,
  changeStatus,
  findExperimentOrFail,
} from '#services/experiments/experiment_service'
import { forgetDefinitions } from '#services/experiments/definitions'
import { SYSTEM_ACTOR } from '#services/accounts'
import type { ExperimentInput, VariantInput } from '#services/experiments/experiment_service'

/** A 50/50 experiment, started unless told otherwise. */
export async function runningExperiment(
  overrides: Partial<ExperimentInput> = {},
  status: 'draft' | 'running' | 'paused' | 'completed' = 'running'
) {
  const variants: VariantInput[] = overrides.variants ?? [
    { key: 'control', name: 'Control', weight: 0.5, isControl: true, config: { color: 'blue' } },
    { key: 'treatment', name: 'Treatment', weight: 0.5, config: { color: 'red' } },
  ]
  const created = await createExperiment(
    {
      key: 'homepage-cta',
      name: 'Homepage CTA',
      primaryMetric: { event: 'signup', kind: 'conversion' },
      ...overrides,
      variants,
    },
    SYSTEM_ACTOR
  )
  let experiment = await findExperimentOrFail(created.id)
  if (status !== 'draft') experiment = await changeStatus(experiment, 'start', SYSTEM_ACTOR)
  if (status === 'paused')
    experiment = await changeStatus(experiment, 'pause', SYSTEM_ACTOR, { reason: 'test' })
  if (status === 'completed') experiment = await changeStatus(experiment, 'complete', SYSTEM_ACTOR)
  forgetDefinitions()
  return findExperimentOrFail(created.id)
}
