import vine from '@vinejs/vine'
import { DomainError } from '#exceptions/domain_error'
import type { CampaignInput } from '#services/campaigns'

const template = () => vine.string().maxLength(5000)
const hhmm = () => vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

/**
 * The seed's `POST /api/campaigns/ab-test` (docs/api.md), with its optional extensions:
 * `variants` (three or more, with weights), the test-then-winner mode, a schedule and
 * SMS quiet hours.
 */
export const abTestValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  channel: vine.enum(['sms', 'email'] as const).optional(),
  template_a: template().optional(),
  template_b: template().optional(),
  subject_a: vine.string().trim().maxLength(300).optional(),
  subject_b: vine.string().trim().maxLength(300).optional(),
  preheader_a: vine.string().trim().maxLength(300).optional(),
  preheader_b: vine.string().trim().maxLength(300).optional(),
  variants: vine
    .array(
      vine.object({
        key: vine
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_-]{1,20}$/),
        weight: vine.number().min(1).max(99),
        template: template(),
        subject: vine.string().trim().maxLength(300).optional(),
        preheader: vine.string().trim().maxLength(300).optional(),
      })
    )
    .minLength(2)
    .maxLength(10)
    .optional(),
  ab_config: vine.object({
    split_ratio: vine.number().withoutDecimals().min(1).max(99).optional(),
    min_sample_size: vine.number().withoutDecimals().min(1).max(1_000_000).optional(),
    winner_threshold: vine.number().min(0.5).max(0.9999).optional(),
    winner_metric: vine.enum(['click', 'reply', 'conversion', 'open'] as const).optional(),
    mode: vine.enum(['split', 'test_winner'] as const).optional(),
    test_percent: vine.number().withoutDecimals().min(1).max(99).optional(),
    wait_minutes: vine
      .number()
      .withoutDecimals()
      .min(1)
      .max(60 * 24 * 30)
      .optional(),
    fallback: vine.enum(['control', 'better', 'wait'] as const).optional(),
  }),
  audience_id: vine.number().withoutDecimals().positive().optional(),
  scheduled_at: vine.date({ formats: { utc: true } }).optional(),
  quiet_hours: vine.object({ start: hhmm(), end: hhmm() }).optional(),
})

const seedError = (code: string, field: string, message: string) =>
  new DomainError(message, code, 422, { fields: [{ field, rule: code, message }] })

/**
 * The seed's error codes, checked before the schema so that its clients get them:
 * MISSING_AB_CONFIG, MISSING_VARIANT_B, EMPTY_TEMPLATE, INVALID_SPLIT_RATIO.
 */
export function checkSeedRules(body: Record<string, any>) {
  const config = body.ab_config
  if (
    config === undefined ||
    config === null ||
    typeof config !== 'object' ||
    Array.isArray(config)
  )
    throw seedError(
      'MISSING_AB_CONFIG',
      'ab_config',
      'ab_config is required (split_ratio, min_sample_size, winner_threshold)'
    )
  if (!Array.isArray(body.variants)) {
    // The body parser turns "" into null: a template_b that is there but empty is EMPTY_TEMPLATE.
    if (!('template_b' in body))
      throw seedError('MISSING_VARIANT_B', 'template_b', 'An A/B campaign needs template_b')
    for (const field of ['template_a', 'template_b'])
      if (typeof body[field] !== 'string' || body[field].trim() === '')
        throw seedError('EMPTY_TEMPLATE', field, `${field} is empty`)
  } else {
    body.variants.forEach((variant: any, index: number) => {
      if (typeof variant?.template !== 'string' || variant.template.trim() === '')
        throw seedError(
          'EMPTY_TEMPLATE',
          `variants.${index}.template`,
          `Variant ${index + 1} has an empty template`
        )
    })
  }
  const ratio = config.split_ratio
  if (
    ratio !== undefined &&
    !(typeof ratio === 'number' && Number.isInteger(ratio) && ratio >= 1 && ratio <= 99)
  )
    throw seedError(
      'INVALID_SPLIT_RATIO',
      'ab_config.split_ratio',
      'split_ratio must be a whole number from 1 to 99 (the share of variant A)'
    )
}

type AbTest = Awaited<ReturnType<(typeof abTestValidator)['validate']>>

/** The seed's shape as the campaigns domain's input. */
export function abTestInput(body: AbTest): CampaignInput {
  const channel = body.channel ?? 'sms'
  const config = body.ab_config
  const variants = body.variants
    ? (() => {
        const total = body.variants.reduce((sum, v) => sum + v.weight, 0)
        return body.variants.map((v) => ({
          key: v.key,
          weight: v.weight / total,
          body: v.template,
          subject: v.subject ?? null,
          preheader: v.preheader ?? null,
        }))
      })()
    : [
        {
          key: 'A',
          weight: (config.split_ratio ?? 50) / 100,
          body: body.template_a ?? '',
          subject: body.subject_a ?? null,
          preheader: body.preheader_a ?? null,
        },
        {
          key: 'B',
          weight: (100 - (config.split_ratio ?? 50)) / 100,
          body: body.template_b ?? '',
          subject: body.subject_b ?? null,
          preheader: body.preheader_b ?? null,
        },
      ]
  return {
    name: body.name,
    channel,
    variants,
    mode: config.mode ?? 'split',
    splitRatio: body.variants ? null : (config.split_ratio ?? 50),
    minSampleSize: config.min_sample_size,
    winnerThreshold: config.winner_threshold,
    winnerMetric: config.winner_metric,
    testPercent: config.test_percent,
    waitMinutes: config.wait_minutes,
    fallback: config.fallback,
    audienceId: body.audience_id ?? null,
    scheduledAt: body.scheduled_at ?? null,
    quietHours: body.quiet_hours ?? null,
  }
}

export const recipientsValidator = vine.create({
  contact_ids: vine
    .array(vine.number().withoutDecimals().positive())
    .minLength(1)
    .maxLength(100_000),
})

export const manualWinnerValidator = vine.create({
  winner: vine.string().trim().minLength(1).maxLength(20),
  override_reason: vine.string().trim().maxLength(1000).optional(),
})

export const conversionValidator = vine.create({
  contact_id: vine.number().withoutDecimals().positive(),
  campaign_id: vine.number().withoutDecimals().positive().optional(),
  occurred_at: vine.date({ formats: { utc: true } }).optional(),
})

export const seriesValidator = vine.create({
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
})

/** The create form (pages): two variants A and B; more variants through the API. */
export const campaignFormValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  channel: vine.enum(['sms', 'email'] as const),
  audience_id: vine.number().withoutDecimals().positive().optional(),
  split_ratio: vine.number().withoutDecimals().min(1).max(99),
  template_a: vine.string().trim().minLength(1).maxLength(5000),
  template_b: vine.string().trim().minLength(1).maxLength(5000),
  subject_a: vine.string().trim().maxLength(300).optional(),
  subject_b: vine.string().trim().maxLength(300).optional(),
  preheader_a: vine.string().trim().maxLength(300).optional(),
  preheader_b: vine.string().trim().maxLength(300).optional(),
  mode: vine.enum(['split', 'test_winner'] as const),
  test_percent: vine.number().withoutDecimals().min(1).max(99).optional(),
  wait_hours: vine
    .number()
    .min(0.1)
    .max(24 * 30)
    .optional(),
  winner_metric: vine.enum(['click', 'reply', 'conversion', 'open'] as const),
  fallback: vine.enum(['control', 'better', 'wait'] as const).optional(),
  min_sample_size: vine.number().withoutDecimals().min(1).max(1_000_000).optional(),
  scheduled_at: vine.date({ formats: ['YYYY-MM-DDTHH:mm'] }).optional(),
  quiet_start: hhmm().optional().requiredIfExists('quiet_end'),
  quiet_end: hhmm().optional().requiredIfExists('quiet_start'),
})

type CampaignForm = Awaited<ReturnType<(typeof campaignFormValidator)['validate']>>

export function campaignFormInput(form: CampaignForm): CampaignInput {
  return abTestInput({
    name: form.name,
    channel: form.channel,
    template_a: form.template_a,
    template_b: form.template_b,
    subject_a: form.subject_a,
    subject_b: form.subject_b,
    preheader_a: form.preheader_a,
    preheader_b: form.preheader_b,
    audience_id: form.audience_id,
    scheduled_at: form.scheduled_at,
    quiet_hours:
      form.quiet_start && form.quiet_end
        ? { start: form.quiet_start, end: form.quiet_end }
        : undefined,
    ab_config: {
      split_ratio: form.split_ratio,
      min_sample_size: form.min_sample_size,
      winner_metric: form.winner_metric,
      mode: form.mode,
      test_percent: form.test_percent,
      wait_minutes: form.wait_hours ? Math.round(form.wait_hours * 60) : undefined,
      fallback: form.fallback,
    },
  })
}

/** The live preview of one variant of the create form (htmx, as the person types). */
export const previewValidator = vine.create({
  channel: vine.enum(['sms', 'email'] as const),
  variant: vine.enum(['a', 'b'] as const),
  template_a: vine.string().maxLength(5000).optional(),
  template_b: vine.string().maxLength(5000).optional(),
  subject_a: vine.string().maxLength(300).optional(),
  subject_b: vine.string().maxLength(300).optional(),
  preheader_a: vine.string().maxLength(300).optional(),
  preheader_b: vine.string().maxLength(300).optional(),
  preview_contact: vine.number().withoutDecimals().positive().optional(),
})

export const winnerFormValidator = vine.create({
  winner: vine.string().trim().minLength(1).maxLength(20),
  override_reason: vine.string().trim().minLength(1).maxLength(1000),
})
