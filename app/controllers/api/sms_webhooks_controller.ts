import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { smsConfig } from '#config/sms'
import { verifyOpenPhoneSignature, verifyTwilioSignature } from '#sms/signatures'
import {
  openPhoneEventValidator,
  twilioInboundValidator,
  twilioStatusValidator,
} from '#validators/sms_webhook'
import { publicUrl } from '#services/platform'
import { receiveSms } from '#services/contacts'
import { recordDeliveryStatus } from '#services/campaigns'
import { DomainError } from '#exceptions/domain_error'

const badSignature = (message: string, code = 'invalid_signature') =>
  new DomainError(message, code, 401)

/**
 * Inbound SMS from the providers (docs/api.md, "SMS webhooks"). No token: each request is
 * authenticated by the provider's signature over the raw body, so nothing is read or
 * stored before it is verified. A repeated delivery answers the same and changes nothing.
 */
export default class SmsWebhooksController {
  /** POST /api/webhooks/twilio: form fields signed with X-Twilio-Signature. */
  async twilio({ request, response }: HttpContext) {
    const params = verifiedTwilioParams(request)
    const message = await twilioInboundValidator.validate(params)
    await receiveSms({
      provider: 'twilio',
      providerMessageId: message.MessageSid,
      from: message.From,
      to: message.To ?? null,
      body: message.Body ?? '',
      receivedAt: DateTime.now(),
    })
    // An empty TwiML answer: no automatic reply from Twilio.
    return response.header('content-type', 'text/xml').send('<Response></Response>')
  }

  /**
   * POST /api/webhooks/twilio/status: the delivery status of a campaign text (the
   * `StatusCallback` each send asks for). Delivered counts once; failed/undelivered fail the
   * message with Twilio's error; other statuses and other apps' messages change nothing.
   */
  async twilioStatus({ request, response }: HttpContext) {
    const status = await twilioStatusValidator.validate(verifiedTwilioParams(request))
    const error =
      status.ErrorMessage ?? (status.ErrorCode ? `Twilio error ${status.ErrorCode}` : null)
    await recordDeliveryStatus(status.MessageSid, status.MessageStatus, error)
    return response.noContent()
  }

  /**
   * POST /api/webhooks/openphone: a JSON event signed with `openphone-signature`: an
   * inbound text (`message.received`) or the delivery report of a campaign text
   * (`message.delivered`, counted once like Twilio's status callbacks).
   */
  async openphone({ request }: HttpContext) {
    const raw = request.raw() ?? ''
    const verdict = verifyOpenPhoneSignature(
      request.header('openphone-signature'),
      raw,
      smsConfig().openphone.webhookSecret
    )
    if (verdict === 'expired') {
      throw badSignature('The openphone-signature is more than 5 minutes old.', 'signature_expired')
    }
    if (verdict !== 'valid') {
      throw badSignature('The openphone-signature header does not match this request.')
    }
    const event = await openPhoneEventValidator.validate(request.body())
    const message = event.data.object
    if (event.type === 'message.delivered') {
      if (!message.id) throw missingField('data.object.id')
      const status = openPhoneDeliveryStatus(message.status)
      const counted = await recordDeliveryStatus(
        message.id,
        status,
        status === 'delivered' ? null : `OpenPhone reported the text ${message.status}`
      )
      return { outcome: counted ? 'recorded' : 'unchanged' }
    }
    if (event.type !== 'message.received') return { outcome: 'ignored' }
    const body = message.body ?? message.text
    if (body === undefined) throw missingField('data.object.text')
    const receivedAt = message.createdAt ? DateTime.fromISO(message.createdAt) : null
    const result = await receiveSms({
      provider: 'openphone',
      // Events without a message id (the seed's) are told apart by their exact body.
      providerMessageId:
        message.id ?? event.id ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
      from: message.from,
      to: Array.isArray(message.to) ? (message.to[0] ?? null) : (message.to ?? null),
      body,
      receivedAt: receivedAt?.isValid ? receivedAt : DateTime.now(),
    })
    return { outcome: result.outcome }
  }
}

const missingField = (field: string) =>
  new DomainError('The request has invalid fields.', 'validation_failed', 422, {
    fields: [{ field, rule: 'required', message: 'is required' }],
  })

/**
 * A `message.delivered` event's status in the words of `recordDeliveryStatus`: delivered
 * unless OpenPhone says the text did not arrive (`undelivered`, `failed`); without a status
 * the event itself means delivered.
 */
function openPhoneDeliveryStatus(status: string | undefined) {
  return status === 'undelivered' || status === 'failed' ? 'failed' : 'delivered'
}

/**
 * The form fields of a Twilio webhook once its signature is verified. The signature covers
 * the fields exactly as sent (empty ones too), so they are read from the raw body rather
 * than from the parsed (normalized) one.
 */
function verifiedTwilioParams(request: HttpContext['request']) {
  const params = Object.fromEntries(new URLSearchParams(request.raw() ?? ''))
  const url = publicUrl(request.url(true))
  const signature = request.header('x-twilio-signature')
  if (!verifyTwilioSignature(smsConfig().twilio.authToken, signature, url, params)) {
    throw badSignature('The X-Twilio-Signature header does not match this request.')
  }
  return params
}
