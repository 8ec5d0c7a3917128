import { BaseMail } from '@adonisjs/mail'
import drive from '@adonisjs/drive/services/main'
import { brandName, type MailContent } from '#services/notifications'

export interface NotificationMailOptions {
  to: string
  content: MailContent
  /** Stable per notification, so a receiving server can recognise a repeat. */
  messageId: string
  /** Mails about one ticket thread together in the recipient's client. */
  threadId?: string
  /** Files kept on the drive (a reply's attachments), sent with the mail. */
  attachments?: { filename: string; contentType: string; storageKey: string }[]
  /** The ticket's signed address: the customer's answer comes back into the ticket. */
  replyTo?: string | null
  /** RFC 3834 Auto-Submitted: stops mail loops with auto-responders. */
  autoSubmitted?: 'auto-replied' | 'auto-generated'
}

/** Every notification and digest: the shared layout, HTML and text, unsubscribe headers. */
export default class NotificationMail extends BaseMail {
  constructor(private options: NotificationMailOptions) {
    super()
  }

  async prepare() {
    const { content } = this.options
    const data = { content, brand: brandName() }
    this.message
      .to(this.options.to)
      .subject(content.subject)
      .messageId(this.options.messageId)
      .header('Content-Language', content.language)
      .listUnsubscribe(content.unsubscribeUrl, { oneClick: true })
      .htmlView('emails/notification', data)
      .textView('emails/notification_text', data)
    if (this.options.replyTo) this.message.replyTo(this.options.replyTo)
    if (this.options.autoSubmitted) {
      this.message.header('Auto-Submitted', this.options.autoSubmitted)
    }
    for (const file of this.options.attachments ?? []) {
      const bytes = Buffer.from(await drive.use().getBytes(file.storageKey))
      this.message.attachData(bytes, { filename: file.filename, contentType: file.contentType })
    }
    if (this.options.threadId) {
      this.message.inReplyTo(this.options.threadId).references([this.options.threadId])
    }
  }
}
