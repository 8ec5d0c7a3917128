import { TicketAttachmentSchema } from '#database/schema'

export default class TicketAttachment extends TicketAttachmentSchema {
  /** Shown as a picture (a preview beside the conversation), not only as a download. */
  get isImage() {
    return this.contentType.startsWith('image/')
  }
}
