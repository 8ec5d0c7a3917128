import type { HttpContext } from '@adonisjs/core/http'
import { outboxPageValidator } from '#validators/notification'
import { getOutboxMessage, outboxPage } from '#services/notifications'
import { sendSandboxedHtml } from '#presenters/mail_preview'
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
    return view.render('pages/admin/outbox/show', { message: await getOutboxMessage(params.id) })
  }

  async html({ params, response }: HttpContext) {
    const message = await getOutboxMessage(params.id)
    return sendSandboxedHtml(response, message.html ?? '')
  }
}
