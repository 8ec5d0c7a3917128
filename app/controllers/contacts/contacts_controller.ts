import type { HttpContext } from '@adonisjs/core/http'
import { contactListValidator } from '#validators/contact_pages'
import { getContact, inboundSmsOf, reachability, searchContacts } from '#services/contacts'
import { ticketsOfCustomer } from '#services/support'
import { campaignsOfContact } from '#services/campaigns'
import { contactCampaignRow } from '#presenters/contact_labels'

/** Contacts for agents and admins: the searchable list and a contact's page. */
export default class ContactsController {
  async index(ctx: HttpContext) {
    return ctx.view.render('pages/contacts/index', await this.listing(ctx))
  }

  /** The table alone: re-fetched as the search changes and on live updates. */
  async table(ctx: HttpContext) {
    return ctx.view.render('partials/contacts/contact_table', await this.listing(ctx))
  }

  async show({ params, view }: HttpContext) {
    const contact = await getContact(params.id)
    const [tickets, texts, campaigns] = await Promise.all([
      contact.email ? ticketsOfCustomer(contact.email) : [],
      inboundSmsOf(contact.id),
      campaignsOfContact(contact.id),
    ])
    return view.render('pages/contacts/show', {
      contact,
      reach: { email: reachability(contact, 'email'), sms: reachability(contact, 'sms') },
      tickets,
      texts,
      campaigns: campaigns.map(contactCampaignRow),
    })
  }

  private async listing({ request }: HttpContext) {
    const filters = await contactListValidator.validate(request.qs())
    const result = await searchContacts(filters.q, filters.page)
    return { ...result, q: filters.q ?? '' }
  }
}
