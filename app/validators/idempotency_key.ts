import vine from '@vinejs/vine'

/**
 * An idempotency key: 1–255 printable ASCII characters (a UUID is typical). Anything else
 * is refused rather than stored, so a key always reads back the way it was sent.
 */
export const idempotencyKey = () =>
  vine
    .string()
    .maxLength(255)
    .regex(/^[\x21-\x7e][\x20-\x7e]*$/)

/** The optional `Idempotency-Key` header of an API request, named as such in a 422. */
export const idempotencyHeaderValidator = vine.create({
  'Idempotency-Key': idempotencyKey().optional(),
})
