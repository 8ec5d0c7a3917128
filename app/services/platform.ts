/**
 * Platform: what every domain may use and that belongs to none: the app's public
 * address, database outage detection, cheaper commits for bookkeeping, write-behind
 * buffers, the election of the one instance that runs the timers, read routing to streaming
 * replicas, search snippet text, Markdown rendered to safe HTML, the one way to write a
 * percentage or a duration, and the lower CPU priority of background processes.
 * Owns no table.
 */
export { publicHostname, publicUrl } from '#services/platform/public_url'
export { formatDuration, formatPercent } from '#services/platform/format'
export { isDatabaseUnavailable } from '#services/platform/database_errors'
export { RECORD_ID, recordId } from '#services/platform/record_ids'
export { uniqueViolationField } from '#services/platform/unique_violations'
export { withoutDurableCommit } from '#services/platform/fast_commit'
export { flushWriteBehind, WriteBehind } from '#services/platform/write_behind'
export { MicroBatch } from '#services/platform/micro_batch'
export {
  checkReplicas,
  hasReplicas,
  readingPrimary,
  REPLICA_CHECK_INTERVAL_MS,
  ReplicaMonitor,
  replicaMaxLag,
  replicaOrPrimary,
  replicaStates,
  type ReplicaState,
} from '#services/platform/read_replicas'
export {
  Leadership,
  leadershipReport,
  LEADER_LOCK,
  MAILBOX_WATCH_LOCK,
} from '#services/platform/leadership'
export {
  escapeHtml,
  HEADLINE_ALL_OPTIONS,
  HEADLINE_OPTIONS,
  highlightedHtml,
  withoutControlCharacters,
} from '#services/platform/highlight'
export { renderMarkdown, type RenderedMarkdown } from '#services/platform/markdown'
export { yieldToWebServers } from '#services/platform/background_priority'
