import type { HttpContext } from '@adonisjs/core/http'
import OutboxMessage from '#models/outbox_message'
import { outboxPageValidator } from '#validators/notification'
import { outboxPage } from '#services/notifications'
import { sendSandboxedHtml } from '#presenters/mail_preview'
import { DomainError } from '#exceptions/domain_error'
import env from '#start/env'

/** Admins: mail kept inside the app by the default `outbox` transport. */
export default class OutboxController {
  async index({ view, request }: HttpContext) {
    const { before } = await outboxPageValidator.validate(request.qs())
    return view.render('pages/admin/outbox/index', {
      ...(await outboxPage(before)),
      mailer: env.get('MAIL_MAILER', 'outbox'),
    })
  }

  async show({ view, params }: HttpContext) {
    return view.render('pages/admin/outbox/show', { message: await this.find(params.id) })
  }

  async html({ params, response }: HttpContext) {
    const message = await this.find(params.id)
    return sendSandboxedHtml(response, message.html ?? '')
  }

  private async find(id: unknown) {
    const value = Number(id)
    const message = Number.isSafeInteger(value) ? await OutboxMessage.find(value) : null
    if (!message) throw new DomainError('That message is not in the outbox.', 'not_found', 404)
    return message
  }
}
