import Experiment from '#models/experiment'
import { changeStatus } from '#services/experiments/experiment_service'
import { SYSTEM_ACTOR } from '#services/accounts'

export interface ScheduleRun {
  started: string[]
  stopped: string[]
  /** Experiments the schedule could not move, with why (e.g. a draft with one variant). */
  failed: { key: string; error: string }[]
}

/**
 * Starts the drafts whose scheduled start has come and completes the running or paused
 * experiments whose scheduled stop has come, through the same lifecycle actions (and
 * audit entries, by the system, with the scheduled time as the reason) as a person's.
 * The recompute timer and `experiments:recompute` call it, so a schedule is kept to
 * within one timer interval.
 */
export async function runSchedule(now = new Date()): Promise<ScheduleRun> {
  const run: ScheduleRun = { started: [], stopped: [], failed: [] }
  const due = await Experiment.query()
    .preload('variants')
    .whereNull('archived_at')
    .where((q) =>
      q
        .where((start) => start.where('status', 'draft').where('scheduled_start_at', '<=', now))
        .orWhere((stop) =>
          stop.whereIn('status', ['running', 'paused']).where('scheduled_stop_at', '<=', now)
        )
    )
    .orderBy('id')
  for (const experiment of due) {
    const starting = experiment.status === 'draft'
    const when = (starting ? experiment.scheduledStartAt : experiment.scheduledStopAt)!.toISO()
    try {
      await changeStatus(experiment, starting ? 'start' : 'complete', SYSTEM_ACTOR, {
        reason: `Scheduled ${starting ? 'start' : 'stop'} at ${when}`,
      })
      ;(starting ? run.started : run.stopped).push(experiment.key)
    } catch (error) {
      run.failed.push({ key: experiment.key, error: (error as Error).message })
    }
  }
  return run
}
