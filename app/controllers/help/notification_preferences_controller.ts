import type { HttpContext } from '@adonisjs/core/http'
import { preferencesFormValidator } from '#validators/notification'
import { CustomerLinkInvalid } from '#exceptions/customer_link_invalid'
import {
  emailFromToken,
  LANGUAGES,
  preferencesFor,
  requeueUnsent,
  savePreferences,
  translator,
} from '#services/notifications'

/**
 * A recipient's preferences, reached through the signed link in every email (no account),
 * in the language they chose. Unsubscribing works from the page and as the RFC 8058
 * one-click POST that mail clients send from the List-Unsubscribe header.
 */
export default class NotificationPreferencesController {
  async show(ctx: HttpContext) {
    return this.render(ctx, false)
  }

  /** The List-Unsubscribe link opened in a browser: asks first (link scanners only GET). */
  async confirmUnsubscribe(ctx: HttpContext) {
    return this.render(ctx, true)
  }

  async update(ctx: HttpContext) {
    const email = this.emailOf(ctx)
    const input = await ctx.request.validateUsing(preferencesFormValidator)
    const saved = await savePreferences(email, {
      emailEnabled: Boolean(input.email_enabled),
      frequency: input.frequency,
      language: input.language,
    })
    await requeueUnsent(email)
    const { t } = await translator(saved.language, 'preferences')
    ctx.session.flash('success', t('saved'))
    return ctx.response.redirect().toPath(this.pagePath(ctx))
  }

  async unsubscribe(ctx: HttpContext) {
    const email = this.emailOf(ctx)
    const saved = await savePreferences(email, { emailEnabled: false })
    await requeueUnsent(email)
    // One-click clients POST without a session or CSRF token and only read the status.
    if (ctx.request.input('List-Unsubscribe') === 'One-Click') {
      return ctx.response.ok('Unsubscribed')
    }
    const { t } = await translator(saved.language, 'preferences')
    ctx.session.flash('success', t('unsubscribed', { email }))
    return ctx.response.redirect().toPath(this.pagePath(ctx))
  }

  private async render(ctx: HttpContext, confirmUnsubscribe: boolean) {
    const email = this.emailOf(ctx)
    const preferences = await preferencesFor(email)
    const { t, locale } = await translator(preferences.language, 'preferences')
    const page = this.pagePath(ctx)
    return ctx.view.render('pages/help/preferences', {
      email,
      preferences,
      locale,
      languages: LANGUAGES,
      t: (key: string, data: Record<string, unknown> = {}) => t(key, { email, ...data }),
      action: page,
      unsubscribeAction: `${page}/unsubscribe`,
      confirmUnsubscribe,
    })
  }

  private pagePath(ctx: HttpContext) {
    return `/preferences/${ctx.params.token}`
  }

  /** An unknown or forged link is the help center's "this link doesn't work" page. */
  private emailOf(ctx: HttpContext) {
    const email = emailFromToken(String(ctx.params.token))
    if (!email) throw new CustomerLinkInvalid()
    return email
  }
}
