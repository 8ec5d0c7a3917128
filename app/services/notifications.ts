/**
 * Notifications: email that is queued in the writer's transaction, delivered at least
 * once with retries and one Message-ID per notification (docs/notifications.md), honours
 * each address's preferences (language, frequency, unsubscribe), goes out in digests,
 * and is logged. It reacts to the help desk's ticket events and the results' experiment
 * alerts (start/events.ts), shows those alerts in the app, and sends admins a digest of
 * the running experiments. Tables:
 * notifications, notification_preferences, mail_outbox, and the queue's queue_jobs and
 * queue_schedules.
 */
export {
  notifyAssigned,
  notifyFreshLink,
  notifyMessage,
  notifySlaAtRisk,
  notifyStatusChanged,
  notifyTicketCreated,
} from '#services/notifications/ticket_notifications'
export {
  deliverNotification,
  maxAttempts,
  notificationMail,
} from '#services/notifications/delivery'
export {
  holdingDeliveries,
  requeueUnsent,
  sweepPendingNotifications,
} from '#services/notifications/dispatch'
export { sendDigests, type DigestRun } from '#services/notifications/digests'
export {
  notifyExperimentAlerts,
  sendExperimentDigests,
  type ExperimentSummary,
} from '#services/notifications/experiment_notifications'
export {
  inAppAlerts,
  markAlertsRead,
  unreadAlertCount,
  type InAppAlert,
} from '#services/notifications/in_app'
export {
  findNotification,
  getOutboxMessage,
  keepInOutbox,
  LOG_PERIODS,
  notificationLog,
  outboxPage,
  retryNotification,
  ticketNotifications,
} from '#services/notifications/notification_log'
export {
  FREQUENCIES,
  LANGUAGES,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationStatus,
  type NotificationType,
} from '#services/notifications/notification_types'
export {
  preferencesFor,
  preferenceSummary,
  savePreferences,
  type Preferences,
} from '#services/notifications/preferences'
export { emailFromToken } from '#services/notifications/preference_links'
export { brandName, translator } from '#services/notifications/translate'
export type { MailContent } from '#services/notifications/mail_content'
export { createQueueWorker, NOTIFICATION_QUEUES } from '#services/notifications/queue_worker'
