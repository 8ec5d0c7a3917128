import type { FetchSummary } from '#services/support'

const OUTCOME_WORDS: Record<keyof FetchSummary['outcomes'], string> = {
  created: 'new ticket(s)',
  threaded: 'reply(ies) threaded',
  duplicate: 'already taken',
  ignored: 'auto-reply/bounce(s) ignored',
  quarantined: 'quarantined',
}

/** "Fetched: 2 new ticket(s), 1 reply(ies) threaded." or the mailbox's error. */
export function fetchSummaryText(summary: FetchSummary) {
  if (summary.error) return `The mailbox could not be fetched: ${summary.error}`
  const parts = Object.entries(summary.outcomes)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${OUTCOME_WORDS[outcome as keyof typeof OUTCOME_WORDS]}`)
  return parts.length ? `Fetched: ${parts.join(', ')}.` : 'Fetched: no new mail.'
}
