import type FeatureFlag from '#models/feature_flag'
import { DomainError } from '#exceptions/domain_error'
import { createExperiment, findExperiment } from '#services/experiments/experiment_service'
import { updateFlag } from '#services/experiments/flag_service'
import type { Actor } from '#services/accounts'

/** Experiment keys are stricter than flag keys (lower case, 2–64 characters). */
const EXPERIMENT_KEY = /^[a-z0-9][a-z0-9_-]{1,63}$/

/**
 * The flag's variations: its default value (the control), then each distinct rule value.
 * A boolean flag always has both values, even before any rule serves the other one.
 */
function variationsOf(flag: FeatureFlag): unknown[] {
  const values = [flag.defaultValue, ...flag.rules.map((rule) => rule.value)]
  if (flag.type === 'boolean') values.push(!flag.defaultValue)
  const seen = new Set<string>()
  return values.filter((value) => {
    const json = JSON.stringify(value)
    if (seen.has(json)) return false
    seen.add(json)
    return true
  })
}

/**
 * Turns a feature flag into a draft experiment (Cal.com's "convert a flag to an
 * experiment"): one variant per variation, equal weights, each variant's config setting the
 * flag's key to its value, and the flag linked to the experiment. While the experiment is a
 * draft the flag keeps answering by its rules; once it runs, enrolled subjects get their
 * variant's value (see evaluateFlag). The experiment's primary metric is the one given, a
 * placeholder to edit before starting otherwise.
 */
export async function convertFlagToExperiment(
  flag: FeatureFlag,
  actor: Actor,
  primaryMetric = 'conversion'
) {
  if (flag.experimentId) {
    throw new DomainError(
      `The flag “${flag.key}” already takes its value from an experiment.`,
      'flag_already_linked',
      409
    )
  }
  const variations = variationsOf(flag)
  if (variations.length < 2) {
    throw new DomainError(
      `The flag “${flag.key}” serves one value only: add a rule with another value first.`,
      'single_variation'
    )
  }
  const share = Number((1 / variations.length).toFixed(4))
  const free = EXPERIMENT_KEY.test(flag.key) && !(await findExperiment(flag.key))
  const experiment = await createExperiment(
    {
      ...(free ? { key: flag.key } : {}),
      name: flag.name.length >= 3 ? flag.name : `Flag ${flag.key}`,
      description: flag.description,
      unit: flag.unit,
      primaryMetric: { event: primaryMetric, kind: 'conversion' },
      variants: variations.map((value, index) => ({
        key: index === 0 ? 'control' : `variation-${index}`,
        name: JSON.stringify(value).slice(0, 120),
        description: index === 0 ? 'The flag’s default value' : null,
        // Equal shares, the last taking the rounding so that they sum to 1.
        weight: index === variations.length - 1 ? 1 - share * index : share,
        isControl: index === 0,
        config: { [flag.key]: value },
      })),
    },
    actor
  )
  await updateFlag(flag, { experimentKey: experiment.key, experimentConfigKey: null }, actor)
  return experiment
}
