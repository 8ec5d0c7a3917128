import { BasePolicy, allowGuest } from '@adonisjs/bouncer'
import type User from '#models/user'
import type Faq from '#models/faq'

const isStaff = (user: User | null) =>
  Boolean(user?.isActive && (user.role === 'admin' || user.role === 'agent'))

/** Knowledge-base articles: anyone may read published ones; staff also read drafts. */
export default class FaqPolicy extends BasePolicy {
  @allowGuest()
  view(user: User | null, faq: Faq) {
    return faq.published || isStaff(user)
  }

  /** Staff reads are previews: they do not count as views. */
  @allowGuest()
  countsAsView(user: User | null) {
    return !isStaff(user)
  }
}
