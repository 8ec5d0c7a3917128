import vine from '@vinejs/vine'

/** Twilio's inbound message webhook (form fields, as signed). */
export const twilioInboundValidator = vine.create({
  MessageSid: vine.string().trim().minLength(1).maxLength(128),
  From: vine.string().trim().minLength(1).maxLength(32),
  To: vine.string().trim().maxLength(32).optional(),
  Body: vine.string().maxLength(5000).optional(),
})

/** Twilio's delivery status callback for a message we sent (campaigns). */
export const twilioStatusValidator = vine.create({
  MessageSid: vine.string().trim().minLength(1).maxLength(128),
  MessageStatus: vine.string().trim().minLength(1).maxLength(32),
  ErrorMessage: vine.string().maxLength(1000).optional(),
  ErrorCode: vine.string().maxLength(16).optional(),
})

/**
 * OpenPhone's webhook event; `message.received` (an inbound text) and `message.delivered`
 * (the delivery report of a text we sent, its `status`) are acted on. The message's text is
 * `body` in OpenPhone's current payloads and `text` in the seed's.
 */
export const openPhoneEventValidator = vine.create({
  id: vine.string().maxLength(128).optional(),
  type: vine.string().maxLength(64),
  data: vine.object({
    object: vine.object({
      id: vine.string().maxLength(128).optional(),
      from: vine.string().trim().minLength(1).maxLength(32),
      to: vine
        .union([
          vine.union.if((value) => Array.isArray(value), vine.array(vine.string().maxLength(32))),
          vine.union.else(vine.string().maxLength(32)),
        ])
        .optional(),
      text: vine.string().maxLength(5000).optional(),
      body: vine.string().maxLength(5000).optional(),
      status: vine.string().trim().maxLength(32).optional(),
      conversationId: vine.string().maxLength(128).optional(),
      createdAt: vine.string().maxLength(40).optional(),
    }),
  }),
})
