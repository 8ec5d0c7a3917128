import type { DateTime } from 'luxon'
import type Experiment from '#models/experiment'
import type { MetricDefinition } from '#evaluation/metrics'
import type ExperimentTemplate from '#models/experiment_template'

/**
 * The experiment form's initial state (read by resources/js/experiment_form.js): the
 * person's previous input after a failed submit, else the experiment, else the template's
 * analysis defaults ("new experiment from template"), else defaults.
 * Percentages and JSON text, as the form shows them.
 */
export function experimentFormState(
  experiment: Experiment | null,
  flash: { get(key: string): any },
  template: ExperimentTemplate | null = null
) {
  // What a template sets: metrics, method, correction (and its scope), minimum days and α.
  const analysis = experiment ?? template
  const old = (key: string) => flash.get(key)
  const hasOld = old('name') !== undefined && old('name') !== null
  const metricText = (m: MetricDefinition | undefined) => ({
    metricId: m?.metricId ? String(m.metricId) : '',
    event: m?.event ?? '',
    kind: m?.kind ?? 'conversion',
    name: m?.name ?? '',
    direction: m?.higherIsBetter === false ? 'down' : 'up',
  })

  const variants = hasOld
    ? (old('variants') ?? []).map((v: any) => ({
        key: v.key ?? '',
        name: v.name ?? '',
        weightPercent: v.weightPercent ?? '',
        config: v.config ?? '{}',
        description: v.description ?? '',
      }))
    : experiment
      ? experiment.variants.map((v) => ({
          key: v.key,
          name: v.name,
          weightPercent: +(v.weight * 100).toFixed(4),
          config: JSON.stringify(v.config, null, 2),
          description: v.description ?? '',
        }))
      : [
          { key: 'control', name: 'Control', weightPercent: 50, config: '{}', description: '' },
          { key: 'treatment', name: 'Treatment', weightPercent: 50, config: '{}', description: '' },
        ]
  const control = hasOld
    ? Number(old('control') ?? 0)
    : Math.max(0, experiment?.variants.findIndex((v) => v.isControl) ?? 0)

  const value = <T>(key: string, fromExperiment: T, fallback: T) =>
    hasOld ? (old(key) ?? fallback) : experiment ? fromExperiment : fallback

  return {
    name: value('name', experiment?.name, ''),
    key: value('key', experiment?.key, ''),
    description: value('description', experiment?.description ?? '', ''),
    hypothesis: value('hypothesis', experiment?.hypothesis ?? '', ''),
    tags: value('tags', experiment?.tags.join(', '), ''),
    // datetime-local inputs: minutes, no zone (dates are shown and read in UTC).
    startDate: value(
      'startDate',
      experiment?.startDate?.toUTC().toFormat("yyyy-LL-dd'T'HH:mm") ?? '',
      ''
    ),
    endDate: value(
      'endDate',
      experiment?.endDate?.toUTC().toFormat("yyyy-LL-dd'T'HH:mm") ?? '',
      ''
    ),
    unit: value('unit', experiment?.unit, 'user'),
    assignmentMode: value('assignmentMode', experiment?.assignmentMode, 'deterministic'),
    trafficPercent: value(
      'trafficPercent',
      experiment ? +(experiment.trafficAllocation * 100).toFixed(4) : 100,
      100
    ),
    targeting: value(
      'targeting',
      experiment?.targeting ? JSON.stringify(experiment.targeting, null, 2) : '',
      ''
    ),
    variants,
    control,
    primaryMetric: hasOld
      ? { ...metricText(undefined), ...(old('primaryMetric') ?? {}) }
      : metricText(analysis?.primaryMetric),
    secondaryMetrics: hasOld
      ? (old('secondaryMetrics') ?? [])
      : (analysis?.secondaryMetrics ?? []).map(metricText),
    guardrailMetrics: hasOld
      ? (old('guardrailMetrics') ?? [])
      : (analysis?.guardrailMetrics ?? []).map(metricText),
    analysisMethod: hasOld
      ? (old('analysisMethod') ?? 'frequentist')
      : (analysis?.analysisMethod ?? 'frequentist'),
    significanceLevel: hasOld
      ? (old('significanceLevel') ?? 0.05)
      : (analysis?.significanceLevel ?? 0.05),
    power: value('power', experiment?.power, 0.8),
    minimumSampleSize: value('minimumSampleSize', experiment?.minimumSampleSize, 1000),
    // A new experiment's minimum is the power calculation's total (the helper sets it).
    minimumFollowsPlan: !experiment && !hasOld,
    correction: hasOld ? (old('correction') ?? 'holm') : (analysis?.correction ?? 'holm'),
    correctionScope: hasOld
      ? (old('correctionScope') ?? 'metric')
      : (analysis?.correctionScope ?? 'metric'),
    minimumDays: hasOld ? (old('minimumDays') ?? 0) : (analysis?.minimumDays ?? 0),
    sequentialTau2: value('sequentialTau2', experiment?.sequentialTau2, 0.0004),
    autoWinner: hasOld ? old('autoWinner') === 'on' : (experiment?.autoWinner ?? false),
    errors: flash.get('inputErrorsBag') ?? {},
    variantsLocked: experiment !== null && experiment.status !== 'draft',
  }
}

/** "2026-11-20T10:00" for a datetime-local input (the form's times are UTC). */
const localInput = (time: DateTime | null | undefined) =>
  time ? time.toUTC().toFormat("yyyy-LL-dd'T'HH:mm") : ''

/**
 * The design fields' initial values (plain inputs: a failed submit refills them from the
 * flashed input): kind and holdout, namespace ranges as lines, schedule, bandit.
 */
export function experimentDesignValues(experiment: Experiment | null) {
  return {
    kind: experiment?.kind ?? 'experiment',
    holdoutId: experiment?.holdoutId ?? '',
    namespaces: (experiment?.namespaces ?? [])
      .map((range) => `${range.namespace} ${range.start} ${range.end}`)
      .join('\n'),
    scheduledStartAt: localInput(experiment?.scheduledStartAt),
    scheduledStopAt: localInput(experiment?.scheduledStopAt),
    bandit: experiment?.bandit ?? false,
    banditBurnInSubjects: experiment?.banditBurnInSubjects ?? 100,
    banditBurnInHours: experiment?.banditBurnInHours ?? 0,
  }
}
