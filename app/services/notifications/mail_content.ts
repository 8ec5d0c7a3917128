import type { NotificationType } from '#services/notifications/notification_types'
import { preferencesUrl, unsubscribeUrl } from '#services/notifications/preference_links'
import { translator } from '#services/notifications/translate'
import { renderMarkdown } from '#services/platform'

/**
 * What a notification says, in the recipient's language: one structure for every type,
 * rendered by one HTML and one text template (resources/views/emails), so all mails
 * share the branded layout and only the words differ.
 */
export interface MailContent {
  subject: string
  heading: string
  greeting: string
  paragraphs: string[]
  /**
   * A message or note quoted in the mail: plain text shown as written, or an agent's
   * Markdown reply rendered (`html`, safe: raw HTML in the source stays text).
   */
  quote?: { label?: string; body: string; html?: string }
  /** Digest entries. */
  items?: { subject: string; url: string }[]
  action?: { label: string; url: string }
  footer: { why: string; preferences: string; unsubscribe: string }
  preferencesUrl: string
  unsubscribeUrl: string
  language: string
}

export interface ContentInput {
  type: NotificationType
  audience: 'customer' | 'agent'
  recipient: string
  data: Record<string, any>
  language: string
}

export async function mailContent(input: ContentInput): Promise<MailContent> {
  const { t, locale } = await translator(input.language, 'notifications')
  const data = input.data
  const values = {
    ...data,
    status: data.status ? t(`status.${data.status}`) : undefined,
    priority: data.priority ? t(`priority.${data.priority}`) : undefined,
  }
  const key = input.type
  const content: MailContent = {
    subject: t(`${key}.subject`, values),
    heading: t(`${key}.heading`, values),
    greeting: data.name ? t('greeting', { name: data.name }) : t('greeting_anonymous'),
    paragraphs: [t(`${key}.body`, values)],
    footer: {
      why: t(input.audience === 'agent' ? 'footer.why_agent' : 'footer.why'),
      preferences: t('footer.preferences'),
      unsubscribe: t('footer.unsubscribe'),
    },
    preferencesUrl: preferencesUrl(input.recipient),
    unsubscribeUrl: unsubscribeUrl(input.recipient),
    language: locale,
  }

  if (key === 'digest') {
    content.items = data.items
  } else if (key === 'experiment_alert' || key === 'experiment_digest') {
    // Each alert, or each experiment, with its results page.
    content.items = data.items
    content.action = { label: t(`${key}.action`), url: data.link }
  } else {
    content.action = { label: t(`${key}.action`), url: data.link }
  }
  if (key === 'ticket_created') content.paragraphs.push(t('ticket_created.body_link'))
  if (input.audience === 'customer' && data.replyTo) {
    content.paragraphs.push(t('reply_by_email', values))
  }
  if (data.excerpt) content.quote = { body: data.excerpt }
  if (data.reply) {
    const rendered = renderMarkdown(data.reply, { linkUrls: true })
    content.quote = { body: rendered.text, html: rendered.html }
  }
  if (key === 'status_changed' && data.note) {
    content.quote = { label: t('status_changed.note'), body: data.note }
  }
  return content
}

/** The words of a mail without its layout: the `body` column of the notification log. */
export function plainBody(content: MailContent) {
  return [
    content.greeting,
    ...content.paragraphs,
    content.quote ? [content.quote.label, content.quote.body].filter(Boolean).join('\n') : null,
    ...(content.items ?? []).map((item) => `- ${item.subject}`),
    content.action ? `${content.action.label}: ${content.action.url}` : null,
  ]
    .filter(Boolean)
    .join('\n\n')
}
