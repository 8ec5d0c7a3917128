import type { HttpContext } from '@adonisjs/core/http'
import { outboxPageValidator } from '#validators/notification'
import { smsOutboxPage } from '#services/contacts'
import { smsConfig } from '#config/sms'

/** Admins: texts kept inside the app by the default `outbox` SMS transport. */
export default class SmsOutboxController {
  async index({ view, request }: HttpContext) {
    const { before } = await outboxPageValidator.validate(request.qs())
    return view.render('pages/admin/outbox/sms', {
      ...(await smsOutboxPage(before)),
      transport: smsConfig().transport,
    })
  }
}
