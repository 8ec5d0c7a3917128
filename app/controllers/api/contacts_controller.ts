import type { HttpContext } from '@adonisjs/core/http'
import { largeJsonBody } from '#validators/json_body'
import {
  contactImportValidator,
  contactInput,
  contactsBody,
  contactSearchValidator,
} from '#validators/contact'
import {
  createContact,
  createContacts,
  deleteContact,
  getContact,
  importContactsCsv,
  searchContacts,
  updateContact,
} from '#services/contacts'
import { bulkResultsJson, contactJson, importReportJson } from '#transformers/contact'

/** Bulk requests and CSV imports of 10,000 contacts are larger than the parser's 1 MB. */
const MAX_BODY_BYTES = 8_000_000

/** `/api/contacts` (docs/api.md): the `manage` ability. */
export default class ContactsController {
  /** GET /api/contacts?q=&page= */
  async index({ request }: HttpContext) {
    const { q, page } = await contactSearchValidator.validate(request.qs())
    const result = await searchContacts(q, page)
    return {
      data: result.contacts.map(contactJson),
      total: result.total,
      page: result.page,
      page_size: result.pageSize,
    }
  }

  /** POST /api/contacts: one contact (201), or `{ contacts: [...] }` (200, one result each). */
  async store(ctx: HttpContext) {
    const { bulk, inputs } = contactsBody(await largeJsonBody(ctx.request, MAX_BODY_BYTES))
    if (!bulk) {
      const { contact, status } = await createContact(inputs[0], ctx.actor)
      ctx.response.status(status === 'created' ? 201 : 200)
      return { data: contactJson(contact), status }
    }
    return bulkResultsJson(await createContacts(inputs, ctx.actor))
  }

  async show({ params }: HttpContext) {
    return { data: contactJson(await getContact(params.id)) }
  }

  /** PUT /api/contacts/:id: the fields given change; `fields` entries merge (null removes). */
  async update(ctx: HttpContext) {
    const contact = await updateContact(ctx.params.id, contactInput(ctx.request.body()), ctx.actor)
    return { data: contactJson(contact) }
  }

  async destroy(ctx: HttpContext) {
    await deleteContact(ctx.params.id, ctx.actor)
    return ctx.response.noContent()
  }

  /** POST /api/contacts/import: `{ csv, mapping?, dry_run?, consent_source? }`. */
  async import(ctx: HttpContext) {
    const body = await contactImportValidator.validate(
      await largeJsonBody(ctx.request, MAX_BODY_BYTES)
    )
    const report = await importContactsCsv(
      {
        csv: body.csv,
        mapping: body.mapping as never,
        dryRun: body.dry_run,
        consentSource: body.consent_source,
      },
      ctx.actor
    )
    return importReportJson(report)
  }
}
