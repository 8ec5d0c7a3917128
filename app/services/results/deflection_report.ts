import db from '@adonisjs/lucid/services/db'
import { HELP_CENTER_EVENTS, HELP_CENTER_EXPERIMENT, getExperiment } from '#services/experiments'
import Experiment from '#models/experiment'
import { latestSnapshots } from '#services/results/snapshots'
import {
  articleImpact,
  scaleInterval,
  ticketsAvoided,
  type ArmCounts,
  type ArticleImpact,
  type Deflection,
} from '#stats/index'

/** A visitor's ticket counts when it comes within this long of what it is compared with. */
const FOLLOW_UP_HOURS = 24

export interface ArmOutcomes extends ArmCounts {
  ticketCount: number
  ratings: number
  csatSum: number
  reopened: number
  answered: number
  /** "Answered my question" without a ticket within 24 h. */
  selfServed: number
  shownTo: number
  clicked: number
}

export interface DeflectionWeek {
  week: string
  holdout: ArmCounts
  treated: ArmCounts
  deflection: Deflection
}

export interface ContentGap {
  query: string
  searches: number
  tickets: number
  ticketNumbers: number[]
}

export interface DeflectionReport {
  experiment: { id: number; name: string; status: string; holdoutShare: number } | null
  days: number
  since: Date
  holdout: ArmOutcomes
  treated: ArmOutcomes
  deflection: Deflection
  /** Tickets avoided per week over the period (the total spread over its weeks). */
  perWeek: Deflection['total']
  weeks: DeflectionWeek[]
  articles: ArticleImpact[]
  gaps: ContentGap[]
  /** The experiment's own analysis: guardrails a variant harms, and its recommendation. */
  guardrailHarm: { metric: string; variant: string }[]
  recommendation: string | null
}

const NO_ARM: ArmOutcomes = {
  visitors: 0,
  tickets: 0,
  ticketCount: 0,
  ratings: 0,
  csatSum: 0,
  reopened: 0,
  answered: 0,
  selfServed: 0,
  shownTo: 0,
  clicked: 0,
}

/**
 * The Deflection report (docs/deflection.md) over the help-center experiment's visitors first
 * exposed in the last `days` days: the holdout (its control variant, no suggestions) against
 * every variant that shows suggestions.
 */
export async function deflectionReport(days: number): Promise<DeflectionReport> {
  const since = new Date(Date.now() - days * 86_400_000)
  const found = await Experiment.findBy('key', HELP_CENTER_EXPERIMENT)
  const experiment = found ? await getExperiment(found.id) : null
  const control = experiment?.variants.find((v) => v.isControl)
  const empty = ticketsAvoided({ visitors: 0, tickets: 0 }, { visitors: 0, tickets: 0 })
  if (!experiment || !control) {
    return {
      experiment: null,
      days,
      since,
      holdout: NO_ARM,
      treated: NO_ARM,
      deflection: empty,
      perWeek: null,
      weeks: [],
      articles: [],
      gaps: [],
      guardrailHarm: [],
      recommendation: null,
    }
  }
  const params = { experimentId: experiment.id, controlId: control.id, since, ...EVENT_PARAMS }
  const [{ arms, weeks }, articles, gaps, snapshots] = await Promise.all([
    armsAndWeeks(params),
    articleCounts(params),
    contentGaps(params),
    latestSnapshots([experiment.id]),
  ])
  const holdout = arms.get(true) ?? NO_ARM
  const treated = arms.get(false) ?? NO_ARM
  const deflection = ticketsAvoided(holdout, treated)
  const payload = snapshots.get(experiment.id)?.payload
  return {
    experiment: {
      id: experiment.id,
      name: experiment.name,
      status: experiment.status,
      holdoutShare: control.weight,
    },
    days,
    since,
    holdout,
    treated,
    deflection,
    perWeek: scaleInterval(deflection.total, 7 / days),
    weeks,
    articles: articleImpact(articles),
    gaps,
    guardrailHarm: payload?.guardrailHarm ?? [],
    recommendation: payload?.recommendation ?? null,
  }
}

const EVENT_PARAMS = {
  ticket: HELP_CENTER_EVENTS.ticket,
  csat: HELP_CENTER_EVENTS.csat,
  reopened: HELP_CENTER_EVENTS.reopened,
  answered: HELP_CENTER_EVENTS.answered,
  shown: HELP_CENTER_EVENTS.shown,
  clicked: HELP_CENTER_EVENTS.clicked,
  matched: HELP_CENTER_EVENTS.matched,
  noResult: HELP_CENTER_EVENTS.noResult,
  followUp: `${FOLLOW_UP_HOURS} hours`,
}
type Params = typeof EVENT_PARAMS & { experimentId: number; controlId: number; since: Date }

/**
 * Runs one of the report's statements with hash joins and hash aggregates only. Its inputs
 * are an experiment's rows, which the planner's statistics often undercount (a new or
 * freshly seeded experiment is not in them until the next ANALYZE): guessing a handful of
 * rows, it joined each exposed visitor to every event of the experiment by a nested loop
 * (quadratic: the seeded demo took over 10 s) or sorted on text keys. Hashing is linear
 * whatever the counts (bench/deflection.ts); the per-visitor groups stay in memory.
 */
async function hashed(sql: string, params: Params) {
  return db.transaction(async (trx) => {
    await trx.rawQuery('SET LOCAL enable_nestloop = off')
    await trx.rawQuery('SET LOCAL enable_sort = off')
    await trx.rawQuery(`SET LOCAL work_mem = '32MB'`)
    const { rows } = await trx.rawQuery(sql, params)
    return rows as Record<string, any>[]
  })
}

/** The period's exposed visitors, each with the arm it is in. */
const EXPOSED = `exposed AS (
  SELECT a.subject_id, a.first_exposed_at, a.variant_id = :controlId AS in_holdout
    FROM experiment_assignments a
   WHERE a.experiment_id = :experimentId AND a.first_exposed_at >= :since)`

/**
 * Each exposed visitor's outcomes after their exposure. Only the events the report reads,
 * and none before the period (every exposure is in it), meet the visitors: one hash join
 * on the subject, with the exposure rule exact per event.
 */
const PER_VISITOR = `outcomes AS (
  SELECT e.subject_id, e.event_name, e.value, e.occurred_at
    FROM experiment_events e
   WHERE e.experiment_id = :experimentId AND e.occurred_at >= :since
     AND e.event_name IN (:ticket, :csat, :reopened, :answered, :shown, :clicked)),
per_visitor AS (
  SELECT x.subject_id, x.in_holdout, x.first_exposed_at,
         count(e.subject_id) FILTER (WHERE e.event_name = :ticket) AS tickets,
         count(e.subject_id) FILTER (WHERE e.event_name = :csat) AS ratings,
         coalesce(sum(e.value) FILTER (WHERE e.event_name = :csat), 0) AS csat_sum,
         count(e.subject_id) FILTER (WHERE e.event_name = :reopened) AS reopened,
         min(e.occurred_at) FILTER (WHERE e.event_name = :answered) AS answered_at,
         min(e.occurred_at) FILTER (WHERE e.event_name = :ticket) AS ticket_at,
         coalesce(bool_or(e.event_name = :shown), false) AS shown,
         coalesce(bool_or(e.event_name = :clicked), false) AS clicked
    FROM exposed x
    LEFT JOIN outcomes e ON e.subject_id = x.subject_id AND e.occurred_at >= x.first_exposed_at
   GROUP BY x.subject_id, x.in_holdout, x.first_exposed_at)`

/**
 * Each arm's outcomes over the period (week NULL) and per week of first exposure (Monday
 * first), from one fold of the visitors.
 */
async function armsAndWeeks(params: Params) {
  const rows = await hashed(
    `WITH ${EXPOSED}, ${PER_VISITOR}
     SELECT in_holdout,
            to_char(date_trunc('week', first_exposed_at), 'YYYY-MM-DD') AS week,
            count(*)::int AS visitors,
            count(*) FILTER (WHERE tickets > 0)::int AS tickets,
            sum(tickets)::int AS ticket_count,
            sum(ratings)::int AS ratings,
            sum(csat_sum)::float8 AS csat_sum,
            sum(reopened)::int AS reopened,
            count(answered_at)::int AS answered,
            count(*) FILTER (WHERE answered_at IS NOT NULL AND NOT coalesce(
              ticket_at BETWEEN answered_at AND answered_at + :followUp::interval, false))::int AS self_served,
            count(*) FILTER (WHERE shown)::int AS shown_to,
            count(*) FILTER (WHERE clicked)::int AS clicked
       FROM per_visitor GROUP BY GROUPING SETS ((in_holdout), (in_holdout, week))`,
    params
  )
  const arms = new Map<boolean, ArmOutcomes>()
  const byWeek = new Map<string, { holdout: ArmCounts; treated: ArmCounts }>()
  for (const r of rows) {
    if (r.week === null) {
      arms.set(r.in_holdout, {
        visitors: r.visitors,
        tickets: r.tickets,
        ticketCount: r.ticket_count,
        ratings: r.ratings,
        csatSum: r.csat_sum,
        reopened: r.reopened,
        answered: r.answered,
        selfServed: r.self_served,
        shownTo: r.shown_to,
        clicked: r.clicked,
      })
      continue
    }
    const week = byWeek.get(r.week) ?? {
      holdout: { visitors: 0, tickets: 0 },
      treated: { visitors: 0, tickets: 0 },
    }
    week[r.in_holdout ? 'holdout' : 'treated'] = { visitors: r.visitors, tickets: r.tickets }
    byWeek.set(r.week, week)
  }
  const weeks: DeflectionWeek[] = [...byWeek.keys()].sort().map((week) => {
    const { holdout, treated } = byWeek.get(week)!
    return { week, holdout, treated, deflection: ticketsAvoided(holdout, treated) }
  })
  return { arms, weeks }
}

/**
 * Per suggested article: visitors whose text matched it (shown it, or in the holdout), and
 * of them those who submitted a ticket after the match (their last ticket is not before it).
 * Only the period's matches and tickets are read: a match comes from the ticket form, which
 * exposes the visitor as it loads, so none of a visitor first exposed in the period is older.
 */
async function articleCounts(params: Params) {
  const rows = await hashed(
    `WITH ${EXPOSED},
     matches AS (
       SELECT (e.properties->>'faqId')::int AS faq_id, x.subject_id, x.in_holdout,
              min(e.occurred_at) AS matched_at
         FROM experiment_events e JOIN exposed x ON x.subject_id = e.subject_id
        WHERE e.experiment_id = :experimentId AND e.event_name = :matched AND e.occurred_at >= :since
        GROUP BY 1, 2, 3),
     last_ticket AS (
       SELECT e.subject_id, max(e.occurred_at) AS at
         FROM experiment_events e
        WHERE e.experiment_id = :experimentId AND e.event_name = :ticket AND e.occurred_at >= :since
        GROUP BY 1)
     SELECT m.faq_id,
            count(*) FILTER (WHERE NOT m.in_holdout)::int AS shown_visitors,
            count(*) FILTER (WHERE NOT m.in_holdout AND t.at >= m.matched_at)::int AS shown_tickets,
            count(*) FILTER (WHERE m.in_holdout)::int AS holdout_visitors,
            count(*) FILTER (WHERE m.in_holdout AND t.at >= m.matched_at)::int AS holdout_tickets
       FROM matches m
       LEFT JOIN last_ticket t ON t.subject_id = m.subject_id
      GROUP BY m.faq_id`,
    params
  )
  return rows.map((r) => ({
    faqId: r.faq_id,
    shown: { visitors: r.shown_visitors, tickets: r.shown_tickets },
    holdout: { visitors: r.holdout_visitors, tickets: r.holdout_tickets },
  }))
}

/** Searches that found nothing and were followed by a ticket within 24 h, worst first. */
async function contentGaps(params: Params): Promise<ContentGap[]> {
  const rows = await hashed(
    `SELECT lower(s.properties->>'query') AS query,
            count(DISTINCT s.subject_id)::int AS searches,
            count(DISTINCT t.id)::int AS tickets,
            (array_agg(DISTINCT (t.properties->>'ticketNumber')::int)
               FILTER (WHERE t.id IS NOT NULL))[1:5] AS ticket_numbers
       FROM experiment_events s
       LEFT JOIN experiment_events t
         ON t.experiment_id = s.experiment_id AND t.subject_id = s.subject_id
        AND t.event_name = :ticket
        AND t.occurred_at BETWEEN s.occurred_at AND s.occurred_at + :followUp::interval
      WHERE s.experiment_id = :experimentId AND s.event_name = :noResult AND s.occurred_at >= :since
      GROUP BY 1
     HAVING count(t.id) > 0
      ORDER BY tickets DESC, searches DESC, query
      LIMIT 20`,
    params
  )
  return rows.map((r) => ({
    query: r.query,
    searches: r.searches,
    tickets: r.tickets,
    ticketNumbers: r.ticket_numbers ?? [],
  }))
}
