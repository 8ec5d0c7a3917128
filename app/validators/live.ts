import vine from '@vinejs/vine'

/** A Transmit subscribe/unsubscribe body: the page's stream uid and one channel name. */
export const liveSubscriptionValidator = vine.create({
  uid: vine.string().trim().minLength(1).maxLength(100),
  channel: vine.string().trim().minLength(1).maxLength(200),
})
