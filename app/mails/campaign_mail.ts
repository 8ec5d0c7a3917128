import { BaseMail } from '@adonisjs/mail'
import { escapeHtml } from '#services/platform'

export interface CampaignMailOptions {
  to: string
  subject: string
  /** The preview line mail clients show after the subject (hidden in the body). */
  preheader: string | null
  html: string
  text: string
  /** Stable per campaign message: a repeat is recognisable downstream. */
  messageId: string
  unsubscribeUrl?: string
}

/** One campaign email: the recipient's rendered variant, with its tracked links and pixel. */
export default class CampaignMail extends BaseMail {
  constructor(private options: CampaignMailOptions) {
    super()
  }

  prepare() {
    const { options } = this
    const hidden = options.preheader
      ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(options.preheader)}</div>`
      : ''
    this.message
      .to(options.to)
      .subject(options.subject)
      .messageId(options.messageId)
      .header('Auto-Submitted', 'auto-generated')
      .html(`${hidden}${options.html}`)
      .text(options.text)
  }
}
