import { errors as vineErrors } from '@vinejs/vine'

/**
 * Maps the two ways experiments arrive onto the canonical shape of
 * app/validators/experiment.ts:
 * - the HTML form (percentages, comma-separated tags, JSON text for configs and rules);
 * - the JSON API in the Pitchey document's shape (variants[].id / trafficAllocation,
 *   targetingRules, userSegments, statisticalPower, metrics as plain event names),
 *   which also accepts the canonical field names.
 * Malformed JSON text becomes a field error, never an exception.
 */

type Raw = Record<string, any>
interface FieldMessage {
  field: string
  message: string
  rule: string
}

const isBlank = (value: unknown) => value === undefined || value === null || value === ''

function parseJsonField(text: unknown, field: string, errors: FieldMessage[]) {
  if (isBlank(text)) return undefined
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch {
    errors.push({ field, message: 'This must be valid JSON', rule: 'json' })
    return undefined
  }
}

const percent = (value: unknown) => (isBlank(value) ? undefined : Number(value) / 100)
const number = (value: unknown) => (isBlank(value) ? undefined : Number(value))
const checkbox = (value: unknown) =>
  value === 'on' || value === 'true' || value === true || value === '1'

/** A datetime-local value ("2027-01-04T09:00"), read as UTC like the form says. */
const utcFromLocal = (value: unknown) =>
  isBlank(value)
    ? null
    : typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value)
      ? `${value}:00Z`
      : value

function metricFrom(value: unknown) {
  if (isBlank(value)) return undefined
  if (typeof value === 'string') return { event: value, kind: 'conversion' }
  const metric = value as Raw
  // A pick from the metric library: the definition is the library's.
  if (!isBlank(metric.metricId)) return { metricId: Number(metric.metricId) }
  if (isBlank(metric.event)) return undefined
  const options = Object.fromEntries(
    LIBRARY_OPTIONS.filter((key) => !isBlank(metric[key])).map((key) => [key, metric[key]])
  )
  return {
    ...options,
    event: metric.event,
    kind: metric.kind || 'conversion',
    name: metric.name || undefined,
    // The form sends "down" from a select; the API a boolean.
    higherIsBetter:
      metric.higherIsBetter === false || metric.direction === 'down' ? false : undefined,
  }
}

/** Definition options the API may send inline (the form picks them from the library). */
const LIBRARY_OPTIONS = [
  'unit',
  'windowHours',
  'cap',
  'cupedDays',
  'numerator',
  'denominatorEvent',
  'denominator',
  'quantile',
  'retentionDay',
]

const metricList = (value: unknown) =>
  Array.isArray(value) ? value.map(metricFrom).filter(Boolean) : undefined

/**
 * The form's namespace box: one range a line, "checkout 0 0.3" (namespace, start, end as
 * shares or percentages "checkout 0% 30%"). A line that does not read so is a field error.
 */
function namespacesFrom(text: unknown, errors: FieldMessage[]) {
  if (typeof text !== 'string') return []
  const share = (word: string) =>
    word.endsWith('%') ? Number(word.slice(0, -1)) / 100 : Number(word)
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line, index) => {
      const [namespace, start, end, ...rest] = line.split(/[\s,]+/)
      const range = { namespace, start: share(start ?? ''), end: share(end ?? '') }
      if (rest.length || !end || Number.isNaN(range.start) || Number.isNaN(range.end)) {
        errors.push({
          field: `namespaces.${index}`,
          message: `Line ${index + 1}: write a namespace, a start and an end ("checkout 0 0.3")`,
          rule: 'namespace',
        })
        return []
      }
      return [range]
    })
}

/** Lines "event kind [down]" of the template form. */
const metricLines = (text: unknown) =>
  typeof text !== 'string'
    ? []
    : text
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([event]) => event)
        .map(([event, kind, direction]) => metricFrom({ event, kind, direction }))

function throwIfAny(errors: FieldMessage[]) {
  if (errors.length) throw new vineErrors.E_VALIDATION_ERROR(errors)
}

/** The admin form (names as in resources/views/pages/experiments/_form.edge). */
export function fromForm(body: Raw): Raw {
  const errors: FieldMessage[] = []
  const controlIndex = Number(body.control ?? 0)
  const variants = Array.isArray(body.variants)
    ? body.variants.map((v: Raw, index: number) => ({
        key: v.key,
        name: v.name,
        weight: percent(v.weightPercent),
        isControl: index === controlIndex,
        config: parseJsonField(v.config, `variants.${index}.config`, errors) ?? {},
        description: isBlank(v.description) ? null : v.description,
      }))
    : undefined
  const canonical = {
    key: isBlank(body.key) ? undefined : body.key,
    name: body.name,
    description: body.description ?? null,
    hypothesis: body.hypothesis ?? null,
    tags:
      typeof body.tags === 'string'
        ? body.tags
            .split(',')
            .map((t: string) => t.trim())
            .filter(Boolean)
        : [],
    unit: body.unit,
    assignmentMode: body.assignmentMode,
    trafficAllocation: percent(body.trafficPercent),
    targeting: parseJsonField(body.targeting, 'targeting', errors) ?? null,
    variants,
    primaryMetric: metricFrom(body.primaryMetric),
    secondaryMetrics: metricList(body.secondaryMetrics) ?? [],
    guardrailMetrics: metricList(body.guardrailMetrics) ?? [],
    analysisMethod: body.analysisMethod,
    significanceLevel: number(body.significanceLevel),
    power: number(body.power),
    minimumSampleSize: number(body.minimumSampleSize),
    correction: body.correction,
    correctionScope: body.correctionScope,
    minimumDays: number(body.minimumDays),
    sequentialTau2: number(body.sequentialTau2),
    autoWinner: checkbox(body.autoWinner),
    startDate: utcFromLocal(body.startDate),
    endDate: utcFromLocal(body.endDate),
    kind: body.kind,
    holdoutId: isBlank(body.holdoutId) ? null : Number(body.holdoutId),
    namespaces: namespacesFrom(body.namespaces, errors),
    scheduledStartAt: isBlank(body.scheduledStartAt) ? null : body.scheduledStartAt,
    scheduledStopAt: isBlank(body.scheduledStopAt) ? null : body.scheduledStopAt,
    bandit: checkbox(body.bandit),
    banditBurnInSubjects: number(body.banditBurnInSubjects),
    banditBurnInHours: number(body.banditBurnInHours),
  }
  throwIfAny(errors)
  return canonical
}

/** The template form: metrics as lines (see metricLines). */
export function templateFromForm(body: Raw): Raw {
  const [primaryMetric] = metricLines(body.primaryMetric)
  return {
    name: body.name,
    description: isBlank(body.description) ? null : body.description,
    primaryMetric,
    secondaryMetrics: metricLines(body.secondaryMetrics),
    guardrailMetrics: metricLines(body.guardrailMetrics),
    analysisMethod: body.analysisMethod,
    correction: body.correction,
    correctionScope: body.correctionScope,
    minimumDays: number(body.minimumDays),
    significanceLevel: number(body.significanceLevel),
  }
}

/** The JSON API body (Pitchey shape or canonical names); absent fields stay absent. */
export function fromApi(body: Raw): Raw {
  const pick = (...names: string[]) => names.map((n) => body[n]).find((v) => v !== undefined)
  const variants = Array.isArray(body.variants)
    ? body.variants.map((v: Raw) => ({
        key: v.key ?? v.id,
        name: v.name ?? v.key ?? v.id,
        weight: v.weight ?? v.trafficAllocation,
        isControl: v.isControl ?? v.control ?? (v.key ?? v.id) === 'control',
        config: v.config ?? {},
        description: v.description,
      }))
    : undefined
  let targeting = pick('targeting', 'targetingRules')
  if (targeting && typeof targeting === 'object' && Object.keys(targeting).length === 0)
    targeting = null
  const segments = body.userSegments
  if (Array.isArray(segments) && segments.length) {
    const bySegment = { attribute: 'userType', op: 'in', value: segments }
    targeting = targeting ? { all: [targeting, bySegment] } : bySegment
  }
  const canonical: Raw = {
    key: body.key,
    name: body.name,
    description: body.description,
    hypothesis: body.hypothesis,
    tags: body.tags,
    unit: body.unit,
    assignmentMode: pick('assignmentMode', 'assignmentType'),
    trafficAllocation: body.trafficAllocation,
    targeting,
    variants,
    primaryMetric: metricFrom(body.primaryMetric),
    secondaryMetrics: metricList(body.secondaryMetrics),
    guardrailMetrics: metricList(body.guardrailMetrics),
    analysisMethod: body.analysisMethod,
    significanceLevel: body.significanceLevel,
    power: pick('power', 'statisticalPower'),
    minimumSampleSize: body.minimumSampleSize,
    correction: body.correction,
    correctionScope: body.correctionScope,
    minimumDays: body.minimumDays,
    sequentialTau2: body.sequentialTau2,
    autoWinner: body.autoWinner,
    startDate: body.startDate,
    endDate: body.endDate,
    kind: body.kind,
    holdoutId: body.holdoutId,
    namespaces: body.namespaces,
    scheduledStartAt: body.scheduledStartAt,
    scheduledStopAt: body.scheduledStopAt,
    bandit: body.bandit,
    banditBurnInSubjects: body.banditBurnInSubjects,
    banditBurnInHours: body.banditBurnInHours,
    templateId: body.templateId,
  }
  for (const key of Object.keys(canonical)) if (canonical[key] === undefined) delete canonical[key]
  return canonical
}
