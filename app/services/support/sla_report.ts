import { replicaOrPrimary } from '#services/platform'
import { SLA_TARGETS, type SlaTarget } from '#services/support/sla_policies'

const DAY_MS = 86_400_000
const TARGETS = Object.keys(SLA_TARGETS) as SlaTarget[]

/** How many targets were decided (met, or breached) and how many of them were met. */
export interface SlaCell {
  measured: number
  met: number
  /** met / measured; null when nothing was decided. */
  share: number | null
}

export interface SlaRow {
  /** The week's Monday ('YYYY-MM-DD', UTC) or the agent's name. */
  label: string
  cells: Record<SlaTarget, SlaCell>
}

export interface SlaReport {
  targets: { target: SlaTarget; label: string; cell: SlaCell }[]
  byWeek: SlaRow[]
  byAgent: SlaRow[]
}

interface OutcomeRow {
  key: string
  target: SlaTarget
  measured: number
  met: number
}

const cell = (measured = 0, met = 0): SlaCell => ({
  measured,
  met,
  share: measured ? met / measured : null,
})

function rows(found: OutcomeRow[]): SlaRow[] {
  const byKey = new Map<string, SlaRow>()
  for (const row of found) {
    const entry = byKey.get(row.key) ?? {
      label: row.key,
      cells: Object.fromEntries(TARGETS.map((target) => [target, cell()])) as SlaRow['cells'],
    }
    entry.cells[row.target] = cell(row.measured, row.met)
    byKey.set(row.key, entry)
  }
  return [...byKey.values()]
}

/**
 * SLA targets over the tickets' clocks started in [until − days, until]: the share met of
 * each target, by week and by agent (the assignee when the target was decided). A target
 * counts once it is decided: met on time, or breached (answered late, or passed unmet).
 */
export async function slaReport(days: number, until = new Date()): Promise<SlaReport> {
  const since = new Date(until.getTime() - Math.trunc(days) * DAY_MS)
  const decided = `count(*) FILTER (WHERE o.breached_at IS NOT NULL OR o.done_at IS NOT NULL) > 0`
  const counts = `count(*) FILTER (WHERE o.breached_at IS NOT NULL OR o.done_at IS NOT NULL)::int AS measured,
                  count(*) FILTER (WHERE o.breached_at IS NULL AND o.done_at IS NOT NULL)::int AS met`
  const where = `o.started_at BETWEEN :since AND :until`
  const [weeks, agents] = await Promise.all([
    replicaOrPrimary().rawQuery(
      `SELECT to_char(date_trunc('week', o.started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS key,
              o.target, ${counts}
         FROM ticket_sla_outcomes o WHERE ${where}
        GROUP BY 1, 2 HAVING ${decided} ORDER BY 1 DESC`,
      { since, until }
    ),
    replicaOrPrimary().rawQuery(
      `SELECT coalesce(u.full_name, 'Unassigned') AS key, o.target, ${counts}
         FROM ticket_sla_outcomes o LEFT JOIN users u ON u.id = o.agent_id
        WHERE ${where}
        GROUP BY 1, 2 HAVING ${decided} ORDER BY 1`,
      { since, until }
    ),
  ])
  const byWeek = rows(weeks.rows)
  const totals = Object.fromEntries(
    TARGETS.map((target) => {
      const all = byWeek.map((row) => row.cells[target])
      const measured = all.reduce((sum, c) => sum + c.measured, 0)
      return [
        target,
        cell(
          measured,
          all.reduce((sum, c) => sum + c.met, 0)
        ),
      ]
    })
  )
  return {
    targets: TARGETS.map((target) => ({
      target,
      label: SLA_TARGETS[target],
      cell: totals[target],
    })),
    byWeek,
    byAgent: rows(agents.rows),
  }
}
