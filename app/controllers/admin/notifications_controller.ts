import type { HttpContext } from '@adonisjs/core/http'
import { notificationLogValidator } from '#validators/notification'
import {
  findNotification,
  maxAttempts,
  NOTIFICATION_STATUSES,
  notificationLog,
  notificationMail,
  preferencesFor,
  retryNotification,
} from '#services/notifications'
import { STATUS_DESCRIPTIONS, TYPE_LABELS } from '#presenters/notification_labels'
import { sendSandboxedHtml } from '#presenters/mail_preview'

/** Admins: every notification with its delivery state; retry of failed ones. */
export default class NotificationsController {
  async index(ctx: HttpContext) {
    return this.renderLog(ctx, 'pages/admin/notifications/index')
  }

  /** The log alone: re-fetched on filter changes and every 30 s. */
  async list(ctx: HttpContext) {
    return this.renderLog(ctx, 'partials/admin/notification_log')
  }

  async show({ view, params }: HttpContext) {
    const notification = await findNotification(params.id)
    return view.render('pages/admin/notifications/show', {
      notification,
      typeLabels: TYPE_LABELS,
      statusDescriptions: STATUS_DESCRIPTIONS,
      maxAttempts: maxAttempts(),
    })
  }

  /** The mail as it would be sent now (recipient's current language), sandboxed. */
  async preview({ params, response }: HttpContext) {
    const notification = await findNotification(params.id)
    const { language } = await preferencesFor(notification.recipient)
    const { mail } = await notificationMail(notification, language)
    await mail.buildWithContents()
    return sendSandboxedHtml(response, String(mail.message.toJSON().message.html ?? ''))
  }

  async retry(ctx: HttpContext) {
    const notification = await findNotification(ctx.params.id)
    await retryNotification(notification)
    ctx.session.flash('success', `Notification #${notification.id} is queued again.`)
    return ctx.response.redirect().back()
  }

  private async renderLog({ view, request }: HttpContext, template: string) {
    const filters = await notificationLogValidator.validate(request.qs())
    return view.render(template, {
      ...(await notificationLog(filters)),
      filters,
      statuses: NOTIFICATION_STATUSES,
      statusDescriptions: STATUS_DESCRIPTIONS,
      typeLabels: TYPE_LABELS,
    })
  }
}
