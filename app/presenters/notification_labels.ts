import {
  FREQUENCIES,
  LANGUAGES,
  type NotificationStatus,
  type NotificationType,
} from '#services/notifications'

/** What each status means, for the admin log's legend and filters. */
export const STATUS_DESCRIPTIONS: Record<NotificationStatus, string> = {
  pending: 'Waiting to be sent, or retrying after an error',
  held: 'Waiting for the recipient’s daily or weekly digest',
  sent: 'Accepted by the mail server',
  failed: 'Every attempt failed; retry it from here',
  suppressed: 'Not sent: the recipient’s preferences, or the ticket moved on',
  digested: 'Sent inside a digest',
}

/** Badge colour per status (classes of resources/css/app.css). */
export const STATUS_BADGES: Record<NotificationStatus, string> = {
  pending: 'warn',
  held: 'warn',
  sent: 'ok',
  failed: 'danger',
  suppressed: '',
  digested: 'ok',
}

export const TYPE_LABELS: Record<NotificationType, string> = {
  ticket_created: 'Ticket received (customer)',
  agent_replied: 'Agent replied (customer)',
  status_changed: 'Status changed (customer)',
  csat_request: 'Satisfaction survey (customer)',
  ticket_link: 'Fresh ticket link (customer)',
  new_ticket: 'New ticket (agents)',
  ticket_assigned: 'Assigned to you (agent)',
  customer_replied: 'Customer replied (agent)',
  sla_warning: 'SLA target ends soon (agent)',
  digest: 'Digest',
  experiment_alert: 'Experiment alert (admins)',
  experiment_digest: 'Running experiments digest (admins)',
}

/** The choices of the staff-side preferences form (the ticket page), in English. */
export const PREFERENCE_CHOICES = {
  frequencies: FREQUENCIES.map((value) => ({
    value,
    label: {
      immediate: 'Immediately',
      daily: 'Daily digest',
      weekly: 'Weekly digest',
      none: 'Never',
    }[value],
  })),
  languages: Object.entries(LANGUAGES).map(([value, label]) => ({ value, label })),
}
