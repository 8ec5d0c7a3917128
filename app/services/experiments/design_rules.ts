import Experiment from '#models/experiment'
import type { NamespaceRange } from '#evaluation/types'

/**
 * Cross-experiment rules of a design (docs/experiment-design.md), reported against the
 * fields a person can fix: namespace ranges that overlap another live experiment's, and
 * a holdout that cannot hold this experiment out.
 */

type FieldMessage = { field: string; message: string; rule: string }

/** Experiments that still place subjects: not completed, not archived. */
const live = () =>
  Experiment.query().whereNot('status', 'completed').whereNull('archived_at').preload('variants')

const overlaps = (a: NamespaceRange, b: NamespaceRange) => a.start < b.end && b.start < a.end

/**
 * Each range must be non-empty, name a namespace once, and not overlap another live
 * experiment's range of the same namespace: that overlap is what mutual exclusion forbids.
 */
export async function namespaceMessages(ranges: NamespaceRange[], selfId: number | null) {
  const messages: FieldMessage[] = []
  const seen = new Set<string>()
  ranges.forEach((range, index) => {
    if (!(range.start < range.end)) {
      messages.push({
        field: `namespaces.${index}.end`,
        message: 'The range must end after it starts',
        rule: 'range',
      })
    }
    if (seen.has(range.namespace)) {
      messages.push({
        field: `namespaces.${index}.namespace`,
        message: `The namespace "${range.namespace}" is named twice`,
        rule: 'distinct',
      })
    }
    seen.add(range.namespace)
  })
  if (ranges.length === 0 || messages.length) return messages

  const all = await live()
  const others = all.filter((other) => other.id !== selfId)
  ranges.forEach((range, index) => {
    for (const other of others) {
      const clash = (other.namespaces as NamespaceRange[]).find(
        (taken) => taken.namespace === range.namespace && overlaps(taken, range)
      )
      if (!clash) continue
      messages.push({
        field: `namespaces.${index}`,
        message:
          `${range.start}–${range.end} of "${range.namespace}" overlaps ${clash.start}–${clash.end}, ` +
          `taken by “${other.name}” (${other.key})`,
        rule: 'overlap',
      })
      break
    }
  })
  return messages
}

/**
 * A holdout is an experiment of kind "holdout" with two variants (control = held out) and
 * the same unit, so that both store the same subject id; holdouts are not nested.
 */
export async function holdoutMessages(
  holdoutId: number,
  design: { selfId: number | null; kind: string; unit: string }
) {
  const fail = (message: string) => [{ field: 'holdoutId', message, rule: 'holdout' }]
  if (design.kind === 'holdout') return fail('A holdout cannot itself be held out')
  if (holdoutId === design.selfId) return fail('An experiment cannot hold itself out')
  const holdout = await Experiment.find(holdoutId)
  if (!holdout || holdout.kind !== 'holdout' || holdout.archivedAt)
    return fail(`No holdout with id ${holdoutId}`)
  if (holdout.unit !== design.unit)
    return fail(`The holdout assigns by ${holdout.unit}, this experiment by ${design.unit}`)
  return []
}

/** Shape rules of a holdout itself. */
export function holdoutShapeMessages(variantCount: number | undefined, bandit: boolean) {
  const messages: FieldMessage[] = []
  if (variantCount !== undefined && variantCount !== 2)
    messages.push({
      field: 'variants',
      message: 'A holdout has two variants: the held-out share (control) and the rest',
      rule: 'holdout',
    })
  if (bandit)
    messages.push({ field: 'bandit', message: 'A holdout cannot be a bandit', rule: 'holdout' })
  return messages
}
