/**
 * Results: folding events into sufficient statistics, the analysis of each experiment
 * (app/stats), snapshots that pages and the API read, `experiments:recompute` and the
 * recompute timer, the results' health checks and alerts (published as
 * ExperimentAlertsRaised, once per appearance), and the running experiments' summaries for
 * the admins' digest. Tables: experiment_results, experiment_alerts, and the folded statistics
 * experiment_aggregation_state, experiment_exposed_subjects,
 * experiment_metric_totals, experiment_daily_counts. Also the Deflection report: the
 * help-center experiment's tickets avoided against its holdout (docs/deflection.md).
 */
export {
  experimentsToRecompute,
  recomputeExperiment,
  recomputeMany,
  type RecomputeOptions,
  type RecomputeReport,
  type RecomputeRun,
} from '#services/results/recompute_service'
export { ResultsTimer } from '#services/results/results_timer'
export { settlingCounts } from '#services/results/settling'
export {
  runningExperimentSummaries,
  type RunningExperimentSummary,
} from '#services/results/summaries'
export {
  latestSnapshots,
  snapshotState,
  type Snapshot,
  type SnapshotState,
} from '#services/results/snapshots'
export type {
  DailySeries,
  MetricResult,
  MetricRole,
  ResultsPayload,
} from '#services/results/analysis'
export {
  deflectionReport,
  type ArmOutcomes,
  type ContentGap,
  type DeflectionReport,
  type DeflectionWeek,
} from '#services/results/deflection_report'
