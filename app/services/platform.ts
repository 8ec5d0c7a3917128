/**
 * Platform: what every domain may use and that belongs to none: the app's public
 * address, database outage detection, cheaper commits for bookkeeping, write-behind
 * buffers, and search snippet text. Owns no table.
 */
export { publicHostname, publicUrl } from '#services/platform/public_url'
export { isDatabaseUnavailable } from '#services/platform/database_errors'
export { withoutDurableCommit } from '#services/platform/fast_commit'
export { flushWriteBehind, WriteBehind } from '#services/platform/write_behind'
export {
  escapeHtml,
  HEADLINE_ALL_OPTIONS,
  HEADLINE_OPTIONS,
  highlightedHtml,
  withoutControlCharacters,
} from '#services/platform/highlight'
