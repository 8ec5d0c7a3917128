import type { HttpContext } from '@adonisjs/core/http'
import { createMailboxValidator, updateMailboxValidator } from '#validators/mailbox'
import {
  createMailbox,
  deleteMailbox,
  fetchMailbox,
  getMailbox,
  listMailboxes,
  updateMailbox,
} from '#services/support'
import { fetchSummaryText } from '#presenters/mailboxes'

/** Settings → Mailboxes: the IMAP mailboxes the email channel fetches from. */
export default class MailboxesController {
  async index({ view }: HttpContext) {
    return view.render('pages/admin/mailboxes/index', { mailboxes: await listMailboxes() })
  }

  async store({ request, response, session }: HttpContext) {
    const data = await request.validateUsing(createMailboxValidator)
    const mailbox = await createMailbox(withDefaults(data))
    session.flash('success', `Mailbox “${mailbox.name}” added. Use “Fetch now” to try it.`)
    return response.redirect().toRoute('admin.mailboxes.edit', { id: mailbox.id })
  }

  async edit({ params, view }: HttpContext) {
    return view.render('pages/admin/mailboxes/edit', {
      mailbox: await getMailbox(Number(params.id)),
    })
  }

  async update({ params, request, response, session }: HttpContext) {
    const data = await request.validateUsing(updateMailboxValidator)
    const mailbox = await updateMailbox(Number(params.id), withDefaults(data))
    session.flash('success', `Mailbox “${mailbox.name}” saved.`)
    return response.redirect().toRoute('admin.mailboxes.edit', { id: mailbox.id })
  }

  async fetch({ params, response, session }: HttpContext) {
    const mailbox = await getMailbox(Number(params.id))
    const summary = await fetchMailbox(mailbox.id)
    session.flash(summary.error ? 'error' : 'success', fetchSummaryText(summary))
    return response.redirect().toRoute('admin.mailboxes.edit', { id: mailbox.id })
  }

  async destroy({ params, response, session }: HttpContext) {
    await deleteMailbox(Number(params.id))
    session.flash('success', 'Mailbox removed. Mail already fetched stays in its tickets.')
    return response.redirect().toRoute('admin.mailboxes.index')
  }
}

function withDefaults<T extends { tls?: boolean; enabled?: boolean; password?: string }>(data: T) {
  return {
    ...data,
    tls: data.tls ?? false,
    enabled: data.enabled ?? false,
    password: data.password || undefined,
  }
}
