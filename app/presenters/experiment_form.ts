import type Experiment from '#models/experiment'
import type { MetricDefinition } from '#evaluation/metrics'

/**
 * The experiment form's initial state (read by resources/js/experiment_form.js): the
 * person's previous input after a failed submit, else the experiment, else defaults.
 * Percentages and JSON text, as the form shows them.
 */
export function experimentFormState(
  experiment: Experiment | null,
  flash: { get(key: string): any }
) {
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
      : metricText(experiment?.primaryMetric),
    secondaryMetrics: hasOld
      ? (old('secondaryMetrics') ?? [])
      : (experiment?.secondaryMetrics ?? []).map(metricText),
    guardrailMetrics: hasOld
      ? (old('guardrailMetrics') ?? [])
      : (experiment?.guardrailMetrics ?? []).map(metricText),
    analysisMethod: value('analysisMethod', experiment?.analysisMethod, 'frequentist'),
    significanceLevel: value('significanceLevel', experiment?.significanceLevel, 0.05),
    power: value('power', experiment?.power, 0.8),
    minimumSampleSize: value('minimumSampleSize', experiment?.minimumSampleSize, 1000),
    correction: value('correction', experiment?.correction, 'holm'),
    correctionScope: value('correctionScope', experiment?.correctionScope, 'metric'),
    minimumDays: value('minimumDays', experiment?.minimumDays, 0),
    sequentialTau2: value('sequentialTau2', experiment?.sequentialTau2, 0.0004),
    autoWinner: hasOld ? old('autoWinner') === 'on' : (experiment?.autoWinner ?? false),
    errors: flash.get('inputErrorsBag') ?? {},
    variantsLocked: experiment !== null && experiment.status !== 'draft',
  }
}
