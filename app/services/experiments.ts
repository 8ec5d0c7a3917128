/**
 * Experiments: experiments and their variants, deterministic assignment and exposures,
 * event tracking, feature flags (also over OpenFeature), segments, the audit log, and
 * experiments on server-rendered pages, and their design: holdouts, namespaces, schedules,
 * archiving, bandits and templates (docs/experiment-design.md). The pure evaluation they
 * use is app/evaluation. Tables: experiments, experiment_variants, experiment_assignments,
 * experiment_events, feature_flags, segments, experiment_audit_log, experiment_metrics (the
 * metric library), experiment_variant_conflicts, experiment_templates. Also the built-in
 * help-center deflection experiment and the support outcomes experiments measure.
 */
export {
  assignmentCounts,
  changeStatus as changeExperimentStatus,
  createExperiment,
  deleteExperiment,
  experimentChoices,
  findExperimentOrFail as getExperiment,
  listExperiments,
  listHoldouts,
  listSegments,
  statusCounts as experimentStatusCounts,
  updateExperiment,
  type ExperimentFilters,
  type ExperimentInput,
  type VariantInput,
} from '#services/experiments/experiment_service'
export {
  allowedActions as allowedLifecycleActions,
  type LifecycleAction,
} from '#services/experiments/lifecycle'
export { auditExperiment, auditTrail } from '#services/experiments/audit'
export { archiveExperiment, unarchiveExperiment } from '#services/experiments/archive'
export {
  runSchedule as runExperimentSchedule,
  type ScheduleRun,
} from '#services/experiments/schedule'
export { applyBanditWeights } from '#services/experiments/bandits'
export {
  createTemplate,
  deleteTemplate,
  findTemplateOrFail as getTemplate,
  listTemplates,
  type TemplateInput,
} from '#services/experiments/templates'
export {
  createLibraryMetric,
  getLibraryMetric,
  listLibraryMetrics,
  metricChoices,
  updateLibraryMetric,
  type LibraryMetricInput,
} from '#services/experiments/metric_library'
export { convertFlagToExperiment } from '#services/experiments/flag_conversion'
export {
  analyzePower,
  planMeansSampleSize,
  planSampleSize,
  type PowerQuestion,
  type SampleSizePlan,
} from '#services/experiments/sample_size'
export {
  definitions,
  findDefinition,
  forgetDefinitions,
  PG_CONFIG_CHANNEL,
  type Definitions,
} from '#services/experiments/definitions'
export {
  assign as assignVariants,
  assignEach as assignSubjects,
  recordExposures,
  type Assignment,
} from '#services/experiments/assignment_service'
export {
  multipleExposureCount,
  summarize as summarizeTracking,
  trackEvents,
  type EventInput,
  type EventResult,
  type TrackedEvent,
} from '#services/experiments/event_service'
export {
  createFlag,
  deleteFlag,
  evaluateFlags,
  findFlagOrFail as getFlag,
  listFlags,
  updateFlag,
  type FlagAnswer,
} from '#services/experiments/flag_service'
export { PageExperiments, VISITOR_COOKIE } from '#services/experiments/page_experiments'
export {
  exposeHelpCenterVisitor,
  HELP_CENTER_EVENTS,
  HELP_CENTER_EXPERIMENT,
  helpCenterTreatment,
  identifyHelpCenterVisitor,
  HOLDOUT_SHARE,
  installHelpCenterExperiment,
  recordHelpCenterEvents,
  type HelpCenterTreatment,
} from '#services/experiments/help_center'
export {
  recordSupportTicket,
  recordTicketRating,
  recordTicketReopen,
  SUPPORT_TICKETS_EVENT,
} from '#services/experiments/support_outcomes'
