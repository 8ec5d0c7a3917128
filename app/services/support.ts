/**
 * Support: tickets with a human number and a status workflow, the conversation (replies,
 * internal notes, customer messages), the inbox and its search, presence on a ticket,
 * customers' signed links, satisfaction ratings, deflections and the support reports.
 * Publishes the ticket events (app/events/ticket_events.ts). Tables: tickets,
 * ticket_messages, ticket_status_history, ticket_changes, ticket_viewers, ticket_counts
 * and ticket_terms (kept by triggers), csat_responses, ticket_deflections,
 * ticket_idempotency_keys, inbox_saved_views, saved_replies (saved replies and macros),
 * ticket_attachments (files on the drive), inbound_emails and inbound_quarantine (the
 * email channel's way in: receiveInboundEmail), and the SLAs: sla_policies,
 * business_calendar, ticket_sla (each ticket's clocks) and ticket_sla_outcomes (targets
 * met or breached).
 */
export {
  addMessage as addTicketMessage,
  changeStatus as changeTicketStatus,
  createTicket,
  findTicketById as getTicketById,
  findTicketByNumber as getTicket,
  reviseTicket,
  StaleReplyError,
  updateTicketFields as updateTicket,
  type NewTicket,
} from '#services/support/ticket_service'
export {
  assignableAgents,
  INBOX_COUNT_CAP,
  INBOX_SLA_FILTERS,
  INBOX_SORTS,
  INBOX_VIEWS,
  listInbox as listTickets,
  recentTags,
  viewCounts,
  type InboxRow,
  type InboxView,
} from '#services/support/inbox'
export { lastMessageId, newestMessageId, ticketTimeline } from '#services/support/timeline'
export {
  allowedTransitions,
  canTransition,
  OPEN_STATUSES,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '#services/support/workflow'
export { applyBulkAction } from '#services/support/bulk_actions'
export { heartbeat, leave, otherViewers } from '#services/support/presence'
export { checkCustomerToken, customerPath, customerUrl } from '#services/support/customer_links'
export {
  createTicketOnce,
  IDEMPOTENCY_KEY_TTL_HOURS,
  purgeExpiredIdempotencyKeys,
  type StoredAnswer,
} from '#services/support/idempotency'
export { requestFreshLink, sendFreshLink } from '#services/support/fresh_links'
export { asksForRating, findRating, rateTicket } from '#services/support/satisfaction'
export { recordDeflection } from '#services/support/deflections'
export { claimSubmission } from '#services/support/submission_limits'
export { answersToInsert } from '#services/support/answer_picker'
export { supportReport, type SupportReport } from '#services/support/reports'
export { slaReport, type SlaReport } from '#services/support/sla_report'
export { actorFacts, ticketFacts } from '#services/support/ticket_facts'
export { queueNeighbour } from '#services/support/queue'
export {
  backfillSlaClocks,
  BREACH_WARNING_MINUTES,
  responsesDue,
  saveSlaSettings,
  sweepSlaClocks,
  ticketSla,
  type TicketSla,
} from '#services/support/sla_clock'
export { type BusinessCalendar, type Weekday } from '#services/support/business_hours'
export {
  businessCalendar,
  slaPolicies,
  SLA_TARGETS,
  type SlaPolicy,
  type SlaTarget,
} from '#services/support/sla_policies'
export {
  deleteView as deleteSavedView,
  MAX_SAVED_VIEWS,
  saveView,
  savedViews,
  type SavedFilters,
  type SavedViewWithCount,
} from '#services/support/saved_views'
export {
  deleteSavedReply,
  MAX_SAVED_REPLIES,
  saveSavedReply,
  savedReplies,
  type SavedReply,
  type SavedReplyInput,
} from '#services/support/saved_replies'
export {
  fillPlaceholders,
  PLACEHOLDERS,
  type PlaceholderValues,
} from '#services/support/reply_placeholders'
export {
  maxInboundBytes,
  receiveInboundEmail,
  type InboundOrigin,
  type InboundResult,
} from '#services/support/inbound_email'
export {
  deleteQuarantined,
  quarantinedEmails,
  retryQuarantined,
  type QuarantinedEmail,
} from '#services/support/inbound_quarantine'
export { ticketReplyAddress } from '#services/support/reply_address'
export { ticketMailHtml } from '#services/support/mail_html'
export {
  attachFiles,
  attachOpeningFiles,
  attachmentContent,
  attachmentProblems,
  attachmentStream,
  findAttachment,
  openingAttachments,
  ticketAttachments,
  type IncomingFile,
} from '#services/support/attachments'
export { ALLOWED_EXTENSIONS, attachmentLimits } from '#services/support/attachment_rules'
export {
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  updateMailbox,
  type Mailbox,
  type MailboxSettings,
} from '#services/support/mailboxes'
export { fetchMailbox, type FetchSummary } from '#services/support/imap_fetch'
export { MailboxWatchers } from '#services/support/mailbox_watchers'
export { ticketsOfCustomer } from '#services/support/customer_history'
