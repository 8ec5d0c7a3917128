/**
 * Contacts: the people campaigns reach (help-desk customers are contacts too), with an
 * email and/or an E.164 phone number, names, a time zone, custom fields, consent per
 * channel (source and time kept) and opt-outs; audiences (saved filters in the targeting
 * rule language); the SMS outbox (the default SMS transport) and inbound SMS (publishes
 * ContactReplied, app/events/contact_events.ts). Tables: contacts, audiences, sms_outbox,
 * sms_inbound.
 */
export {
  createContact,
  createContacts,
  CONTACTS_PAGE_SIZE,
  deleteContact,
  ensureCustomerContact,
  existingContactIds,
  findContactByEmail,
  findContactByPhone,
  getContact,
  getContacts,
  MAX_CONTACTS_PER_REQUEST,
  searchContacts,
  updateContact,
  type ContactResult,
} from '#services/contacts/contact_service'
export {
  normalizeEmail,
  normalizePhone,
  type ContactInput,
  type FieldError,
} from '#services/contacts/contact_input'
export { optIn, optOut, reachability, type Reachability } from '#services/contacts/consent'
export {
  AUDIENCE_ATTRIBUTES,
  audienceContactIds,
  countAudience,
  countMatching,
  deleteAudience,
  getAudience,
  listAudiences,
  saveAudience,
  type AudienceInput,
} from '#services/contacts/audiences'
export {
  getSmsOutboxMessage,
  keepSmsInOutbox,
  smsOutboxPage,
  type SmsOutboxEntry,
} from '#services/contacts/sms_outbox'
export {
  inboundSmsOf,
  receiveSms,
  replyKeyword,
  type InboundOutcome,
  type InboundSms,
} from '#services/contacts/inbound_sms'
export {
  COLUMN_TARGETS,
  csvColumns,
  CsvImportError,
  importContactsCsv,
  parseCsv,
  suggestedTarget,
  type ColumnTarget,
  type ImportReport,
} from '#services/contacts/csv_import'
