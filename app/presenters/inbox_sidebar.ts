import {
  INBOX_COUNT_CAP,
  INBOX_VIEWS,
  savedViews,
  viewCounts,
  type InboxView,
} from '#services/support'
import { inboxQueryString } from '#presenters/inbox_address'

/**
 * What the inbox's sidebar shows (partials/support/inbox_views): the views and the saved
 * views with their counts. The inbox page, the live count refresh and the saved-view
 * actions render it alike.
 */
export async function inboxSidebar(user: { id: number; role: string }, current: InboxView) {
  const [counts, saved] = await Promise.all([viewCounts(user.id), savedViews(user.id)])
  return {
    views: INBOX_VIEWS,
    counts,
    current,
    countCap: INBOX_COUNT_CAP,
    canShare: user.role === 'admin',
    saved: saved.map((view) => ({
      ...view,
      query: inboxQueryString(view.filters),
      mayDelete: view.ownerId === user.id || (view.shared && user.role === 'admin'),
    })),
  }
}

/** The view a request names, or the default one. */
export const knownView = (value: unknown): InboxView =>
  typeof value === 'string' && Object.hasOwn(INBOX_VIEWS, value) ? (value as InboxView) : 'open'
