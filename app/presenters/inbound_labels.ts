import type { InboundResult } from '#services/support'

/** What a retried quarantined message became, as the admin is told. */
export const INBOUND_OUTCOME_TEXT: Record<
  InboundResult['outcome'],
  (ticketNumber?: number) => string
> = {
  created: (number) => `The message opened ticket #${number}.`,
  threaded: (number) => `The message was added to ticket #${number}.`,
  duplicate: () => 'The message had already been taken in; it left the quarantine.',
  ignored: () => 'The message is an automatic reply or a bounce; it left the quarantine.',
  quarantined: () => 'The message still cannot be processed; the reason is updated below.',
}
