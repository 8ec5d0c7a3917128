import { getContacts, searchContacts } from '#services/contacts'
import type CampaignVariant from '#models/campaign_variant'
import { countSms } from '#services/campaigns/sms_encoding'
import { unknownPlaceholders, type TemplateContact } from '#services/campaigns/templates'
import { emailParts, smsBody } from '#services/campaigns/sending'
import { SAMPLE_LINK_TOKEN } from '#services/campaigns/link_tokens'
import type { Channel } from '#services/campaigns/campaign_service'

/** Who a preview shows when no contact exists yet. */
const SAMPLE: TemplateContact = {
  first_name: 'Alex',
  last_name: 'Sample',
  email: 'alex@example.com',
  phone: '+447700900000',
  fields: {},
}

/** Contacts a person may pick to preview on (the newest few). */
export async function previewContacts() {
  const { contacts } = await searchContacts('', 1)
  return contacts.slice(0, 20)
}

/**
 * One variant as a recipient would get it (placeholders filled for the sample contact,
 * links as they will be tracked), with the SMS counter and the unknown placeholders.
 */
export async function previewMessage(
  channel: Channel,
  template: { body: string; subject?: string | null; preheader?: string | null },
  contactId?: number
) {
  const found = contactId ? await getContacts([contactId]) : null
  const contact = contactId ? found?.get(contactId) : undefined
  const values: TemplateContact = contact
    ? {
        first_name: contact.firstName,
        last_name: contact.lastName,
        email: contact.email,
        phone: contact.phone,
        fields: contact.fields ?? {},
      }
    : SAMPLE
  const variant = {
    body: template.body,
    subject: template.subject ?? '',
    preheader: template.preheader ?? null,
  } as CampaignVariant
  const token = SAMPLE_LINK_TOKEN
  const unknown = [
    ...new Set([
      ...unknownPlaceholders(template.body),
      ...unknownPlaceholders(template.subject ?? ''),
      ...unknownPlaceholders(template.preheader ?? ''),
    ]),
  ]
  if (channel === 'sms') {
    const text = smsBody(variant, values, token)
    return { channel, contactName: values.first_name, text, sms: countSms(text), unknown }
  }
  return { channel, contactName: values.first_name, ...emailParts(variant, values, token), unknown }
}
