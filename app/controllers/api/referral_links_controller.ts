import type { HttpContext } from '@adonisjs/core/http'
import {
  createLinkValidator,
  signupValidator,
  stepValidator,
  subjectValidator,
} from '#validators/growth'
import {
  createLink,
  findLink,
  recordClick,
  recordFirstValue,
  recordSignup,
  registerSubject,
  type LinkRow,
  type WriteStatus,
} from '#services/growth'
import { linkJson } from '#transformers/referral_link'
import { DomainError } from '#exceptions/domain_error'

/**
 * Referral tracking (ability `track`, docs/api.md). Every write is idempotent: 201 when
 * something was recorded, 200 when it repeats what is stored (or changes nothing).
 */
export default class ReferralLinksController {
  /** POST /api/growth/links — an invite was sent. */
  async store({ request, response }: HttpContext) {
    const { status, link } = await createLink(await createLinkValidator.validate(request.body()))
    return this.answer(response, status, link)
  }

  /** GET /api/growth/links/:token */
  async show({ params }: HttpContext) {
    const link = await findLink(params.token)
    if (!link) throw new DomainError('No referral link has this token.', 'unknown_token', 404)
    return { success: true, data: linkJson(link) }
  }

  /** POST /api/growth/links/:token/click */
  async click({ params, request, response }: HttpContext) {
    const { occurredAt } = await stepValidator.validate(request.body())
    const { status, link } = await recordClick(params.token, occurredAt)
    return this.answer(response, status, link)
  }

  /** POST /api/growth/links/:token/signup */
  async signup({ params, request, response }: HttpContext) {
    const { inviteeId, occurredAt } = await signupValidator.validate(request.body())
    const { status, link } = await recordSignup(params.token, inviteeId, occurredAt)
    return this.answer(response, status, link)
  }

  /** POST /api/growth/links/:token/first-value */
  async firstValue({ params, request, response }: HttpContext) {
    const { occurredAt } = await stepValidator.validate(request.body())
    const { status, link } = await recordFirstValue(params.token, occurredAt)
    return this.answer(response, status, link)
  }

  /** POST /api/growth/subjects — a user of the host product signed up (cohorts). */
  async subject({ request, response }: HttpContext) {
    const { status, subject } = await registerSubject(
      await subjectValidator.validate(request.body())
    )
    return response.status(status === 'created' ? 201 : 200).send({
      success: true,
      status,
      data: {
        subjectId: subject.subject_id,
        signedUpAt: new Date(subject.signed_up_at).toISOString(),
        referredBy: subject.referred_by,
      },
    })
  }

  private answer(response: HttpContext['response'], status: WriteStatus, link: LinkRow) {
    const fresh = status === 'created' || status === 'recorded'
    return response.status(fresh ? 201 : 200).send({ success: true, status, data: linkJson(link) })
  }
}
