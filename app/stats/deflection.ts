import { normalIsf } from './distributions.js'

/**
 * Ticket deflection measured against a holdout (docs/deflection.md): visitors who saw the
 * help center's suggestions and visitors who saw none, each with the tickets they submitted.
 * The difference of their ticket rates is the deflection: tickets avoided per visitor.
 */
export interface ArmCounts {
  visitors: number
  /** Visitors who submitted at least one ticket. */
  tickets: number
}

export interface DeflectionInterval {
  estimate: number
  low: number
  high: number
}

/** Wald interval of the difference of two proportions, holdout minus treated (null: no data). */
export function rateDifference(
  holdout: ArmCounts,
  treated: ArmCounts,
  level = 0.95
): DeflectionInterval | null {
  if (holdout.visitors <= 0 || treated.visitors <= 0) return null
  const ph = holdout.tickets / holdout.visitors
  const pt = treated.tickets / treated.visitors
  const se = Math.sqrt((ph * (1 - ph)) / holdout.visitors + (pt * (1 - pt)) / treated.visitors)
  const z = normalIsf((1 - level) / 2)
  const estimate = ph - pt
  return { estimate, low: estimate - z * se, high: estimate + z * se }
}

/** An interval times a constant (per 1,000 visitors, per week's visitors). */
export const scaleInterval = (
  interval: DeflectionInterval | null,
  by: number
): DeflectionInterval | null =>
  interval && { estimate: interval.estimate * by, low: interval.low * by, high: interval.high * by }

export interface Deflection {
  holdoutRate: number | null
  treatedRate: number | null
  /** Tickets avoided per 1,000 visitors shown suggestions. */
  perThousand: DeflectionInterval | null
  /** Tickets avoided among the treated visitors of the period. */
  total: DeflectionInterval | null
}

/**
 * "Tickets avoided": the holdout's ticket rate minus the treated visitors' rate, per 1,000
 * visitors and over the treated visitors of the period (what the suggestions prevented).
 */
export function ticketsAvoided(holdout: ArmCounts, treated: ArmCounts, level = 0.95): Deflection {
  const difference = rateDifference(holdout, treated, level)
  return {
    holdoutRate: holdout.visitors > 0 ? holdout.tickets / holdout.visitors : null,
    treatedRate: treated.visitors > 0 ? treated.tickets / treated.visitors : null,
    perThousand: scaleInterval(difference, 1000),
    total: scaleInterval(difference, treated.visitors),
  }
}

export interface ArticleCounts {
  faqId: number
  /** Visitors whose text matched the article and who saw it. */
  shown: ArmCounts
  /** Holdout visitors whose text matched it (they were not shown it). */
  holdout: ArmCounts
}

export interface ArticleImpact {
  faqId: number
  shownTo: number
  /** Tickets avoided per 1,000 visitors it was shown to (null: no holdout match yet). */
  perThousand: DeflectionInterval | null
  /** Shown often, and its visitors submit tickets as often as the holdout's (or more). */
  rewrite: boolean
}

/** How often an article must be shown before "deflects nothing" is said of it. */
export const OFTEN_SHOWN = 100

/**
 * Per article: the ticket rate of matched holdout visitors minus that of matched visitors
 * who saw it, ranked by the estimate (most tickets avoided first; no estimate last).
 * Flagged for rewriting when shown at least `often` times and its estimate is zero or
 * below: it is seen a lot and prevents nothing.
 */
export function articleImpact(
  rows: ArticleCounts[],
  level = 0.95,
  often = OFTEN_SHOWN
): ArticleImpact[] {
  return rows
    .map((row) => {
      const perThousand = scaleInterval(rateDifference(row.holdout, row.shown, level), 1000)
      return {
        faqId: row.faqId,
        shownTo: row.shown.visitors,
        perThousand,
        rewrite: row.shown.visitors >= often && perThousand !== null && perThousand.estimate <= 0,
      }
    })
    .sort(
      (a, b) =>
        (b.perThousand?.estimate ?? -Infinity) - (a.perThousand?.estimate ?? -Infinity) ||
        b.shownTo - a.shownTo
    )
}
