import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { SYSTEM_ACTOR } from '#services/accounts'
import { forgetDefinitions, installHelpCenterExperiment } from '#services/experiments'

/** Six weeks of help-center visitors, about 400 a day. */
const DAYS = 42
const VISITORS = 16_800

/** Searches that find nothing in the demo help center, and lead to tickets. */
const GAP_QUERIES = ['sso login', 'gantt chart', 'invoice vat number', 'slack integration']

/**
 * Demo history of the built-in deflection experiment (docs/deflection.md): visitors exposed
 * over six weeks, split 10 % holdout / 90 % suggestions, with what they did — articles
 * matched and shown, clicks, "this answered my question", tickets, CSAT, reopens and
 * searches without results. The suggestions lower the ticket rate from about 13 % to about
 * 10 %, some articles do nothing, and CSAT is the same in both groups: an honest result.
 *
 * Written set-wise (INSERT … SELECT over generate_series), so first start stays fast; every
 * draw is a hash of the visitor number, so the demo is the same on every machine. Skipped
 * when the experiment already has visitors.
 */
export default class DeflectionSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    const experiment = await installHelpCenterExperiment(SYSTEM_ACTOR)
    const seen = await this.client
      .from('experiment_assignments')
      .where('experiment_id', experiment.id)
      .first()
    if (seen) return
    const faqs = await this.client
      .from('faqs')
      .where('published', true)
      .orderBy('id')
      .limit(12)
      .select('id')
    if (faqs.length === 0) return
    const gapTickets = await this.client
      .from('tickets')
      .where('source', 'help_center')
      .orderBy('number', 'desc')
      .limit(40)
      .select('number')
    const holdout = experiment.variants.find((v) => v.isControl)!
    const shown = experiment.variants.find((v) => !v.isControl)!

    await this.client.transaction(async (trx) => {
      await trx.rawQuery(
        `UPDATE experiments SET started_at = now() - make_interval(days => :days + 1) WHERE id = :id`,
        { days: DAYS, id: experiment.id }
      )
      // One row per visitor with every draw it needs (u1…u10, uniform in [0, 1)) and what it
      // did. Suggestions help when they match: the answered rarely write, the first articles
      // deflect best, and the last third deflect nothing (flagged for rewriting).
      const u = (k: number) =>
        `(hashtext(n::text || ':${k}') & 2147483647) % 100000 / 100000.0 AS u${k}`
      await trx.rawQuery(
        `CREATE TEMP TABLE demo_visitors ON COMMIT DROP AS
         WITH draws AS (
           SELECT n, 'demo-visitor-' || n AS subject_id,
                  now() - make_interval(secs => (1 - n::float8 / :visitors) * :days * 86400) AS exposed_at,
                  ${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(u).join(', ')}
             FROM generate_series(1, :visitors) n),
         arms AS (
           SELECT d.*, u1 < 0.1 AS in_holdout, u2 < 0.7 AS matched, u9 < 0.04 AS searched_nothing,
                  floor(u3 * cardinality(:faqs::int[]))::int AS faq_rank
             FROM draws d),
         seen AS (
           SELECT a.*, (:faqs::int[])[1 + faq_rank] AS faq_id,
                  matched AND NOT in_holdout AS shown,
                  matched AND NOT in_holdout AND u4 < 0.35 AS clicked,
                  matched AND NOT in_holdout AND u5 < 0.16 AS answered
             FROM arms a)
         SELECT s.*, u6 < CASE
                  WHEN searched_nothing THEN 0.35
                  WHEN answered THEN 0.02
                  WHEN shown AND faq_rank >= :weak THEN 0.16
                  WHEN shown THEN 0.09 + 0.01 * faq_rank / 2
                  ELSE 0.13 END AS ticket
           FROM seen s`,
        {
          visitors: VISITORS,
          days: DAYS,
          faqs: faqs.map((f) => f.id),
          weak: Math.ceil((faqs.length * 2) / 3),
        }
      )
      await trx.rawQuery(
        `INSERT INTO experiment_assignments
           (experiment_id, variant_id, subject_id, bucket, how, assigned_at, first_exposed_at)
         SELECT :experiment::int, CASE WHEN in_holdout THEN :holdout::int ELSE :shown::int END, subject_id,
                floor(u1 * 10000)::int, 'deterministic', exposed_at, exposed_at
           FROM demo_visitors`,
        { experiment: experiment.id, holdout: holdout.id, shown: shown.id }
      )
      // Events minutes after the exposure, in the order a visitor does them.
      await trx.rawQuery(
        `INSERT INTO experiment_events
           (experiment_id, variant_id, subject_id, event_name, value, properties, idempotency_key, occurred_at, received_at)
         SELECT :experiment::int, CASE WHEN v.in_holdout THEN :holdout::int ELSE :shown::int END, v.subject_id,
                e.name, e.value, e.properties, NULL,
                v.exposed_at + e.after, v.exposed_at + e.after
           FROM demo_visitors v
           CROSS JOIN LATERAL (VALUES
             (v.searched_nothing, 'search_no_result', NULL::float8,
              jsonb_build_object('query', (:gaps::text[])[1 + floor(v.u10 * cardinality(:gaps::text[]))::int]),
              interval '30 seconds'),
             (v.matched, 'suggestion_matched', NULL, jsonb_build_object('faqId', v.faq_id), interval '1 minute'),
             (v.shown, 'suggestion_shown', NULL, jsonb_build_object('faqId', v.faq_id), interval '1 minute'),
             (v.clicked, 'suggestion_clicked', NULL, jsonb_build_object('faqId', v.faq_id), interval '2 minutes'),
             (v.clicked, 'article_viewed', NULL, jsonb_build_object('faqId', v.faq_id), interval '2 minutes'),
             (v.answered, 'question_answered', NULL, jsonb_build_object('faqId', v.faq_id), interval '4 minutes'),
             (v.ticket, 'ticket_submitted', NULL, jsonb_build_object('email', v.subject_id || '@example.com')
                || CASE WHEN v.searched_nothing
                     THEN jsonb_build_object('ticketNumber', (:tickets::int[])[1 + v.n % greatest(cardinality(:tickets::int[]), 1)])
                     ELSE '{}'::jsonb END,
              interval '6 minutes'),
             (v.ticket AND v.u7 < 0.6, 'csat',
              CASE WHEN v.u8 < 0.05 THEN 1 WHEN v.u8 < 0.1 THEN 2 WHEN v.u8 < 0.25 THEN 3
                   WHEN v.u8 < 0.55 THEN 4 ELSE 5 END::float8,
              '{}'::jsonb, interval '2 days'),
             (v.ticket AND v.u7 >= 0.92, 'ticket_reopened', NULL, '{}'::jsonb, interval '3 days')
           ) AS e(happened, name, value, properties, after)
          WHERE e.happened AND v.exposed_at + e.after < now()`,
        {
          experiment: experiment.id,
          holdout: holdout.id,
          shown: shown.id,
          gaps: GAP_QUERIES,
          tickets: gapTickets.map((t) => t.number),
        }
      )
    })
    forgetDefinitions()
  }
}
