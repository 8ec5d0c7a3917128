import type { Actor } from '#services/accounts'
import { assign, recordExposures } from '#services/experiments/assignment_service'
import { definitions } from '#services/experiments/definitions'
import {
  changeStatus,
  createExperiment,
  findExperimentOrFail,
  type VariantInput,
} from '#services/experiments/experiment_service'
import { trackEvents } from '#services/experiments/event_service'
import Experiment from '#models/experiment'

/**
 * The built-in deflection experiment (docs/deflection.md): help-center visitors (the signed
 * visitor cookie, or the customer's email once a signed ticket link proved it) are split between article suggestions and a holdout that sees none, so the
 * tickets the suggestions prevent are measured against visitors who never saw them.
 */
export const HELP_CENTER_EXPERIMENT = 'help-center-suggestions'

/** What the product records about each visitor of the experiment (experiment_events). */
export const HELP_CENTER_EVENTS = {
  shown: 'suggestion_shown',
  matched: 'suggestion_matched',
  clicked: 'suggestion_clicked',
  viewed: 'article_viewed',
  answered: 'question_answered',
  ticket: 'ticket_submitted',
  noResult: 'search_no_result',
  csat: 'csat',
  reopened: 'ticket_reopened',
  identified: 'visitor_identified',
} as const

/** The holdout share an admin may set, as the control variant's weight. */
export const HOLDOUT_SHARE = { min: 0.01, max: 0.5 }

const DEFAULT_PROMPT = 'These articles may answer your question:'

/** Variant config an admin may set: how many suggestions, where, and the prompt's words. */
export interface HelpCenterTreatment {
  /** The visitor's subject id while the experiment runs (events count), else null. */
  subjectId: string | null
  variant: string | null
  /** Zero for the holdout. */
  suggestions: number
  placement: 'beside' | 'above'
  prompt: string
}

const DEFAULT_TREATMENT: HelpCenterTreatment = {
  subjectId: null,
  variant: null,
  suggestions: 5,
  placement: 'beside',
  prompt: DEFAULT_PROMPT,
}

/** The built-in experiment's definition, unless it was deleted. */
async function helpCenterExperiment() {
  const all = await definitions()
  return all.experimentsByKey.get(HELP_CENTER_EXPERIMENT)
}

/**
 * What a help-center visitor gets. Without the experiment (deleted, draft, paused,
 * completed without a winner) everyone gets the suggestions, and nothing is recorded.
 */
export async function helpCenterTreatment(visitorId: string): Promise<HelpCenterTreatment> {
  const experiment = await helpCenterExperiment()
  if (!experiment) return DEFAULT_TREATMENT
  const [assignment] = await assign({ visitorId, attributes: {} }, [experiment])
  // Paused or not enrolled: the control would be the holdout, so everyone keeps the
  // suggestions; a completed experiment serves its winner.
  const decided =
    assignment.active || (experiment.status === 'completed' && experiment.winnerVariantKey)
  if (!decided) return DEFAULT_TREATMENT
  const config = assignment.variant?.config ?? {}
  const count = Number(config.suggestions ?? DEFAULT_TREATMENT.suggestions)
  return {
    subjectId: assignment.active ? assignment.subjectId : null,
    variant: assignment.variant?.key ?? null,
    suggestions: Number.isFinite(count) ? Math.max(0, Math.min(10, Math.round(count))) : 5,
    placement: config.placement === 'above' ? 'above' : 'beside',
    prompt: typeof config.prompt === 'string' && config.prompt ? config.prompt : DEFAULT_PROMPT,
  }
}

/** The form or search box was shown to a person (the page's script asked): an exposure. */
export async function exposeHelpCenterVisitor(visitorId: string) {
  const treatment = await helpCenterTreatment(visitorId)
  if (!treatment.subjectId) return treatment
  const experiment = (await helpCenterExperiment())!
  await recordExposures([{ experimentId: experiment.id, subjectId: treatment.subjectId }])
  return treatment
}

export type HelpCenterEvent = (typeof HELP_CENTER_EVENTS)[keyof typeof HELP_CENTER_EVENTS]

/**
 * Records events of one visitor, each once: `once` names what makes it the same event
 * (the article, the ticket), so a repeated keystroke or a reload adds nothing. Ignored
 * while the experiment does not run or the visitor is not in it.
 */
export async function recordHelpCenterEvents(
  visitorId: string,
  events: {
    name: HelpCenterEvent
    once: string
    value?: number
    properties?: Record<string, unknown>
    occurredAt?: Date
  }[]
) {
  if (events.length === 0) return
  const experiment = await helpCenterExperiment()
  if (experiment?.status !== 'running') return
  await trackEvents(
    events.map((event) => ({
      event: {
        experimentId: experiment.id,
        eventType: event.name,
        userContext: { visitorId },
        eventData: { eventValue: event.value, properties: event.properties },
        idempotencyKey: `${event.name}:${visitorId}:${event.once}`.slice(0, 200),
        occurredAt: event.occurredAt,
      },
    }))
  )
}

/**
 * A visitor proved a customer's email (a signed ticket link): from now on the help center
 * assigns that browser by the email; the visitor's own history keeps the link to it.
 */
export async function identifyHelpCenterVisitor(visitorId: string, email: string) {
  await recordHelpCenterEvents(visitorId, [
    { name: HELP_CENTER_EVENTS.identified, once: email, properties: { email } },
  ])
}

/** The experiment as the migration creates it (running; the holdout is the control). */
export async function installHelpCenterExperiment(actor: Actor, holdoutShare = 0.1) {
  const existing = await Experiment.findBy('key', HELP_CENTER_EXPERIMENT)
  if (existing) return findExperimentOrFail(existing.id)
  const variants: VariantInput[] = [
    {
      key: 'holdout',
      name: 'Holdout (no suggestions)',
      weight: holdoutShare,
      isControl: true,
      config: { suggestions: 0 },
    },
    {
      key: 'suggestions',
      name: 'Suggestions while typing',
      weight: 1 - holdoutShare,
      config: { suggestions: 5, placement: 'beside', prompt: DEFAULT_PROMPT },
    },
  ]
  const created = await createExperiment(
    {
      key: HELP_CENTER_EXPERIMENT,
      name: 'Help-center suggestions (deflection)',
      description:
        'Built in: help-center visitors see article suggestions while they type, except a holdout that sees none. The Deflection report (Knowledge base → Reports) reads its results.',
      hypothesis:
        'Suggesting articles while a customer types lowers the ticket submission rate without hurting CSAT or reopens.',
      unit: 'visitor',
      variants,
      primaryMetric: {
        event: HELP_CENTER_EVENTS.ticket,
        kind: 'conversion',
        name: 'Ticket submission rate',
        higherIsBetter: false,
      },
      secondaryMetrics: [
        { event: HELP_CENTER_EVENTS.clicked, kind: 'conversion', name: 'Suggestion click-through' },
        { event: HELP_CENTER_EVENTS.answered, kind: 'conversion', name: 'Answered my question' },
      ],
      guardrailMetrics: [
        {
          event: HELP_CENTER_EVENTS.csat,
          kind: 'ratio',
          name: 'CSAT (1–5)',
          numerator: 'sum',
          denominatorEvent: HELP_CENTER_EVENTS.csat,
          denominator: 'count',
        },
        {
          event: HELP_CENTER_EVENTS.reopened,
          kind: 'ratio',
          name: '7-day reopen rate',
          numerator: 'count',
          denominatorEvent: HELP_CENTER_EVENTS.ticket,
          denominator: 'count',
          higherIsBetter: false,
        },
      ],
      minimumSampleSize: 1000,
    },
    actor
  )
  return changeStatus(await findExperimentOrFail(created.id), 'start', actor)
}

/** The holdout share (the control's weight) of the built-in experiment stays in 1–50 %. */
export function helpCenterMessages(
  key: string | undefined,
  variants: VariantInput[] | undefined
): { field: string; message: string; rule: string }[] {
  if (key !== HELP_CENTER_EXPERIMENT || !variants) return []
  const index = variants.findIndex((v) => v.isControl)
  const share = index === -1 ? 0 : variants[index].weight
  if (share >= HOLDOUT_SHARE.min - 1e-9 && share <= HOLDOUT_SHARE.max + 1e-9) return []
  return [
    {
      field: index === -1 ? 'variants' : `variants.${index}.weight`,
      message: 'The holdout (the control variant) must be between 1 % and 50 % of visitors',
      rule: 'holdout_share',
    },
  ]
}

/**
 * Why the started help-center experiment refuses a new holdout share or new variants (the
 * freeze every started experiment has): said in the help center's words.
 */
export function helpCenterFrozenMessage(key: string, field: string, status: string) {
  if (key !== HELP_CENTER_EXPERIMENT || field !== 'variants') return null
  return (
    `The help-center experiment is ${status}: its holdout share and variants are frozen so that ` +
    'no visitor moves between the holdout and the suggestions while deflection is measured. ' +
    'They can change only before it starts.'
  )
}
