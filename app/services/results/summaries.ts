import { listExperiments } from '#services/experiments'
import { publicUrl } from '#services/platform'
import { latestSnapshots } from '#services/results/snapshots'

/** A running experiment in one sentence: what the admins' digest lists. */
export interface RunningExperimentSummary {
  name: string
  summary: string
  url: string
}

/**
 * Where each running experiment stands: its latest recommendation, and the health checks
 * that warn (by label), so that a digest reader knows which ones to open.
 */
export async function runningExperimentSummaries(): Promise<RunningExperimentSummary[]> {
  const experiments = await listExperiments({ status: 'running', sort: 'name' })
  const snapshots = await latestSnapshots(experiments.map((e) => e.id))
  return experiments.map((experiment) => {
    const payload = snapshots.get(experiment.id)?.payload
    const warnings = (payload?.health?.checks ?? []).filter((c) => c.state === 'warning')
    const summary = payload
      ? [
          payload.recommendation,
          warnings.length ? `Check: ${warnings.map((c) => c.label).join(', ')}.` : '',
        ]
          .filter(Boolean)
          .join(' ')
      : 'No results computed yet.'
    return {
      name: experiment.name,
      summary,
      url: publicUrl(`/experiments/results/${experiment.id}`),
    }
  })
}
