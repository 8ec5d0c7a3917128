import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { evaluateFlags, type FlagAnswer } from '#services/experiments'
import type { SubjectContext } from '#evaluation/types'

/**
 * OpenFeature Remote Evaluation Protocol (OFREP) endpoints, so any OpenFeature SDK with the
 * OFREP provider can read the flags. Bearer token with the `evaluate` ability.
 *   POST /ofrep/v1/evaluate/flags/:key   one flag (server providers)
 *   POST /ofrep/v1/evaluate/flags        every flag, with an ETag (client providers)
 */
export default class OfrepController {
  async evaluateOne({ params, request, response }: HttpContext) {
    const context = this.contextOf(request.body())
    if (typeof context === 'string') {
      return response.badRequest({
        key: params.key,
        errorCode: 'INVALID_CONTEXT',
        errorDetails: context,
      })
    }
    const [answer] = await evaluateFlags([params.key], this.subjectOf(context))
    if (!answer.found) {
      return response.notFound({
        key: params.key,
        errorCode: 'FLAG_NOT_FOUND',
        errorDetails: `No flag "${params.key}"`,
      })
    }
    return this.success(answer)
  }

  async evaluateAll({ request, response }: HttpContext) {
    const context = this.contextOf(request.body())
    if (typeof context === 'string') {
      return response.badRequest({ errorCode: 'INVALID_CONTEXT', errorDetails: context })
    }
    const answers = await evaluateFlags(null, this.subjectOf(context))
    const body = { flags: answers.map((answer) => this.success(answer)) }
    const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`
    response.header('ETag', etag)
    if (request.header('if-none-match') === etag) return response.notModified()
    return body
  }

  /** `{ context: { targetingKey?, ...attributes } }`, or an error message. */
  private contextOf(body: Record<string, unknown>): Record<string, unknown> | string {
    const context = body.context ?? {}
    if (typeof context !== 'object' || context === null || Array.isArray(context)) {
      return 'context must be an object'
    }
    return context as Record<string, unknown>
  }

  /** The targeting key is the subject's id for whatever unit a flag hashes on. */
  private subjectOf(context: Record<string, unknown>): SubjectContext {
    const text = (value: unknown) =>
      value === undefined || value === null || value === '' ? null : String(value)
    const key = text(context.targetingKey)
    return {
      userId: text(context.userId) ?? key,
      teamId: text(context.teamId) ?? key,
      visitorId: text(context.visitorId) ?? key,
      attributes: context,
    }
  }

  private success(answer: FlagAnswer) {
    const reasons = {
      disabled: 'DISABLED',
      rule_match: 'TARGETING_MATCH',
      experiment: 'SPLIT',
      default: 'STATIC',
      no_match: 'DEFAULT',
    } as const
    return {
      key: answer.key,
      value: answer.value ?? null,
      reason: reasons[answer.reason],
      ...(answer.variant
        ? { variant: answer.variant }
        : answer.ruleIndex !== undefined
          ? { variant: `rule-${answer.ruleIndex}` }
          : {}),
      metadata: { type: answer.type ?? 'unknown' },
    }
  }
}
