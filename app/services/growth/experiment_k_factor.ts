/**
 * K-factor as an experiment metric: per variant, the invites its exposed subjects sent
 * after their first exposure, and how many of those converted. An experiment opts in by
 * naming the metric `k_factor` (primary, secondary or guardrail); subject ids of the
 * experiment and referrer/invitee ids of the referral links must be the same ids.
 */
import db from '@adonisjs/lucid/services/db'
import type Experiment from '#models/experiment'
import { kFigures, type KFigures } from '#services/growth/metrics'

export const K_FACTOR_METRIC = 'k_factor'

export function namesKFactor(experiment: Experiment) {
  return [
    experiment.primaryMetric,
    ...experiment.secondaryMetrics,
    ...experiment.guardrailMetrics,
  ].some((metric) => metric.event === K_FACTOR_METRIC)
}

export interface VariantK {
  key: string
  name: string
  isControl: boolean
  /** Exposed subjects: everyone in the variant who could invite. */
  subjects: number
  figures: KFigures
}

export interface ExperimentK {
  variants: VariantK[]
  /**
   * Conversions where inviter and invitee are both in the experiment, in different
   * variants: the variants influence each other, so the comparison is biased.
   */
  interference: { crossVariant: number; withinExperiment: number }
}

/**
 * Per variant: K = conversions / exposed subjects (every exposed subject could invite, so
 * the denominator is the variant's exposed subjects, not only those who invited),
 * i = invites per exposed subject, c = conversion of those invites.
 */
export async function experimentKFactor(experiment: Experiment): Promise<ExperimentK> {
  const [perVariant, crossing] = await Promise.all([
    db.rawQuery(
      `SELECT a.variant_id, count(*)::int AS subjects,
              coalesce(sum(l.invites), 0)::int AS invites,
              coalesce(sum(l.conversions), 0)::int AS conversions
         FROM experiment_assignments a
         LEFT JOIN LATERAL (
           SELECT count(*) AS invites, count(signed_up_at) AS conversions FROM referral_links
            WHERE referrer_id = a.subject_id AND sent_at >= a.first_exposed_at
         ) l ON true
        WHERE a.experiment_id = ? AND a.first_exposed_at IS NOT NULL
        GROUP BY a.variant_id`,
      [experiment.id]
    ),
    db.rawQuery(
      `SELECT count(*) FILTER (WHERE inviter.variant_id <> invitee.variant_id)::int AS "crossVariant",
              count(*)::int AS "withinExperiment"
         FROM referral_links l
         JOIN experiment_assignments inviter
           ON inviter.experiment_id = ? AND inviter.subject_id = l.referrer_id
         JOIN experiment_assignments invitee
           ON invitee.experiment_id = ? AND invitee.subject_id = l.invitee_id
        WHERE l.invitee_id IS NOT NULL`,
      [experiment.id, experiment.id]
    ),
  ])
  const byVariant = new Map(
    perVariant.rows.map((row: { variant_id: number }) => [row.variant_id, row])
  )
  return {
    variants: experiment.variants.map((variant) => {
      const row = (byVariant.get(variant.id) ?? { subjects: 0, invites: 0, conversions: 0 }) as {
        subjects: number
        invites: number
        conversions: number
      }
      return {
        key: variant.key,
        name: variant.name,
        isControl: variant.isControl,
        subjects: row.subjects,
        figures: kFigures({
          invites: row.invites,
          conversions: row.conversions,
          activeReferrers: row.subjects,
        }),
      }
    }),
    interference: crossing.rows[0],
  }
}
