import vine from '@vinejs/vine'

/** The settings form of an IMAP mailbox; a new one needs its password, an edit may keep it. */
const fields = {
  name: vine.string().trim().minLength(1).maxLength(80),
  host: vine
    .string()
    .trim()
    .maxLength(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/),
  port: vine.number().withoutDecimals().range([1, 65535]),
  tls: vine.boolean().optional(),
  username: vine.string().trim().minLength(1).maxLength(254),
  folder: vine.string().trim().minLength(1).maxLength(200),
  afterFetch: vine.enum(['move', 'flag'] as const),
  moveTo: vine.string().trim().minLength(1).maxLength(200),
  enabled: vine.boolean().optional(),
}

export const createMailboxValidator = vine.create({
  ...fields,
  password: vine.string().minLength(1).maxLength(1000),
})

export const updateMailboxValidator = vine.create({
  ...fields,
  password: vine.string().maxLength(1000).optional(),
})
