import { BaseMail } from '@adonisjs/mail'

export interface InvitationMailOptions {
  to: string
  name: string
  role: 'admin' | 'agent'
  /** Who invited them, or null when the system did (a command). */
  inviter: string | null
  url: string
  /** How long the link works: "7 days". */
  validFor: string
}

/** The invitation to set a password and join, sent to the invited person. */
export default class InvitationMail extends BaseMail {
  constructor(private options: InvitationMailOptions) {
    super()
  }

  prepare() {
    const data = this.options
    this.message
      .to(this.options.to)
      .subject(
        this.options.inviter
          ? `${this.options.inviter} invited you to Beacon`
          : 'You are invited to Beacon'
      )
      .htmlView('emails/invitation', data)
      .textView('emails/invitation_text', data)
  }
}
