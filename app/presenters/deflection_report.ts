import type { ArmOutcomes, DeflectionReport } from '#services/results'
import type { DeflectionInterval } from '#stats/index'
import { formatCount, formatPercent } from '#presenters/format'
import { line } from '#presenters/results_csv'

/** The periods the report covers (days); 28 is "last month" in whole weeks. */
export const DEFLECTION_PERIODS = [28, 56, 84] as const

const NO_DATA = 'no data'

/** "12.3 (95 % CI 4.1 to 20.5)", or "no data" — never NaN. */
export function formatInterval(interval: DeflectionInterval | null, digits = 1) {
  if (!interval || !Number.isFinite(interval.estimate)) return NO_DATA
  const f = (x: number) => x.toFixed(digits)
  return `${f(interval.estimate)} (95 % CI ${f(interval.low)} to ${f(interval.high)})`
}

const share = (part: number, whole: number) => (whole > 0 ? formatPercent(part / whole) : NO_DATA)

/** A comparison row of the guardrails and engagement table: holdout beside suggestions. */
interface OutcomeRow {
  label: string
  holdout: string
  treated: string
  note: string
  harmed: boolean
}

function outcomeRows(report: DeflectionReport): OutcomeRow[] {
  const { holdout, treated } = report
  const harmed = (metric: string) => report.guardrailHarm.some((h) => h.metric === metric)
  const csat = (arm: ArmOutcomes) =>
    arm.ratings > 0
      ? `${(arm.csatSum / arm.ratings).toFixed(2)} of 5 (${formatCount(arm.ratings)} ratings)`
      : NO_DATA
  return [
    {
      label: 'Ticket submission rate (lower is better)',
      holdout: share(holdout.tickets, holdout.visitors),
      treated: share(treated.tickets, treated.visitors),
      note: 'Share of exposed visitors who submitted a ticket.',
      harmed: false,
    },
    {
      label: 'Self-service resolution',
      holdout: share(holdout.selfServed, holdout.visitors),
      treated: share(treated.selfServed, treated.visitors),
      note: '“This answered my question” with no ticket within 24 h.',
      harmed: false,
    },
    {
      label: 'Suggestion click-through',
      holdout: 'not shown',
      treated: share(treated.clicked, treated.shownTo),
      note: 'Visitors who opened a suggested article, of those shown one.',
      harmed: false,
    },
    {
      label: 'Guardrail: CSAT',
      holdout: csat(holdout),
      treated: csat(treated),
      note: 'Ratings of the tickets that were submitted.',
      harmed: harmed('csat'),
    },
    {
      label: 'Guardrail: reopened within 7 days',
      holdout: share(holdout.reopened, holdout.ticketCount),
      treated: share(treated.reopened, treated.ticketCount),
      note: 'Resolved tickets opened again within 7 days, of the tickets submitted.',
      harmed: harmed('ticket_reopened'),
    },
  ]
}

/** What to do next, in plain words, from the figures (never from missing ones). */
function recommendations(report: DeflectionReport, titles: Map<number, string>): string[] {
  const advice: string[] = []
  const headline = report.deflection.perThousand
  if (!report.experiment) {
    return ['The help-center experiment is missing: without a holdout nothing can be measured.']
  }
  if (report.experiment.status !== 'running') {
    advice.push('The experiment is not running: start it again to keep measuring.')
  }
  if (!headline) {
    advice.push(
      'No visitors yet in both groups: the estimate appears once the holdout has visitors.'
    )
  } else if (headline.low > 0) {
    advice.push(
      `Suggestions prevent tickets: about ${headline.estimate.toFixed(1)} fewer per 1,000 visitors, and the interval stays above zero. Keep them on.`
    )
  } else if (headline.high < 0) {
    advice.push(
      'Visitors shown suggestions submit more tickets than the holdout: review the prompt and the articles suggested.'
    )
  } else {
    advice.push(
      'The interval still includes zero: wait for more visitors before concluding (or widen the holdout, up to 50 %).'
    )
  }
  if (report.guardrailHarm.length) {
    advice.push(
      `A guardrail is harmed (${report.guardrailHarm.map((h) => h.metric).join(', ')}): deflection must not hurt the customers who still write. Look at those tickets first.`
    )
  }
  const rewrite = report.articles.filter((a) => a.rewrite)
  for (const article of rewrite.slice(0, 3)) {
    advice.push(
      `“${titles.get(article.faqId) ?? `Article ${article.faqId}`}” was shown to ${formatCount(article.shownTo)} visitors and prevents no tickets: rewrite it so that it answers the question people type.`
    )
  }
  for (const gap of report.gaps.slice(0, 3)) {
    advice.push(
      `Searches for “${gap.query}” found nothing and led to ${formatCount(gap.tickets)} ticket${gap.tickets === 1 ? '' : 's'}: write an article for it.`
    )
  }
  return advice
}

/** The Deflection page's view model: every figure formatted, "no data" where there is none. */
export function deflectionView(report: DeflectionReport, titles: Map<number, string>) {
  return {
    report,
    headline: formatInterval(report.deflection.perThousand),
    total: formatInterval(report.deflection.total, 0),
    perWeek: formatInterval(report.perWeek, 0),
    holdoutShare: report.experiment ? formatPercent(report.experiment.holdoutShare, 0) : NO_DATA,
    rates: {
      holdout: formatPercent(report.deflection.holdoutRate),
      treated: formatPercent(report.deflection.treatedRate),
    },
    outcomes: outcomeRows(report),
    weeks: report.weeks.map((week) => ({
      week: week.week,
      visitors: formatCount(week.holdout.visitors + week.treated.visitors),
      holdoutRate: share(week.holdout.tickets, week.holdout.visitors),
      treatedRate: share(week.treated.tickets, week.treated.visitors),
      perThousand: formatInterval(week.deflection.perThousand),
      avoided: formatInterval(week.deflection.total, 0),
    })),
    articles: report.articles.map((article) => ({
      ...article,
      title: titles.get(article.faqId) ?? `Article ${article.faqId} (deleted)`,
      perThousandText: formatInterval(article.perThousand),
    })),
    recommendations: recommendations(report, titles),
  }
}

const cell = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '' : x

/** CSV of the report: one row per week, then per article (empty cells mean "no data"). */
export function deflectionCsv(report: DeflectionReport, titles: Map<number, string>) {
  const rows: unknown[][] = [
    [
      'section',
      'key',
      'visitors_holdout',
      'tickets_holdout',
      'visitors_shown',
      'tickets_shown',
      'avoided_per_1000',
      'ci_low',
      'ci_high',
    ],
  ]
  const interval = (i: DeflectionInterval | null) => [
    cell(i?.estimate),
    cell(i?.low),
    cell(i?.high),
  ]
  rows.push([
    'period',
    `last ${report.days} days`,
    report.holdout.visitors,
    report.holdout.tickets,
    report.treated.visitors,
    report.treated.tickets,
    ...interval(report.deflection.perThousand),
  ])
  for (const week of report.weeks) {
    rows.push([
      'week',
      week.week,
      week.holdout.visitors,
      week.holdout.tickets,
      week.treated.visitors,
      week.treated.tickets,
      ...interval(week.deflection.perThousand),
    ])
  }
  for (const article of report.articles) {
    rows.push([
      'article',
      titles.get(article.faqId) ?? `Article ${article.faqId}`,
      '',
      '',
      article.shownTo,
      '',
      ...interval(article.perThousand),
    ])
  }
  return rows.map(line).join('\r\n') + '\r\n'
}
