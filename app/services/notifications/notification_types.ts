import type Notification from '#models/notification'

export type NotificationType = Notification['type']
export type NotificationStatus = Notification['status']
export type Frequency = 'immediate' | 'daily' | 'weekly' | 'none'

export const FREQUENCIES: Frequency[] = ['immediate', 'daily', 'weekly', 'none']
export const LANGUAGES = { en: 'English', es: 'Español' } as const
export type Language = keyof typeof LANGUAGES

export const NOTIFICATION_STATUSES: NotificationStatus[] = [
  'pending',
  'held',
  'sent',
  'failed',
  'suppressed',
  'digested',
]

export const NOTIFICATION_TYPES: NotificationType[] = [
  'ticket_created',
  'agent_replied',
  'status_changed',
  'csat_request',
  'ticket_link',
  'new_ticket',
  'ticket_assigned',
  'customer_replied',
  'sla_warning',
  'digest',
  'experiment_alert',
  'experiment_digest',
]

/** Digests: sent as soon as written, never held for another digest. */
export const DIGEST_TYPES = new Set<NotificationType>(['digest', 'experiment_digest'])

/**
 * Asked for by the recipient a moment ago: sent whatever their frequency, never held for a
 * digest and not suppressed by "no email" (they requested exactly this mail).
 */
export const REQUESTED_TYPES = new Set<NotificationType>(['ticket_link'])
