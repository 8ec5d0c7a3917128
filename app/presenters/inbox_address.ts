/** The inbox's default order, which its address leaves out. */
const DEFAULT_SORT = 'updated'

/** The inbox's address parameters, in the order the address lists them. */
const ADDRESS_KEYS = ['view', 'q', 'status', 'priority', 'assignee', 'tag', 'sort'] as const

/**
 * The inbox's address: its view, filters, search and sort as a query string, so that a
 * filtered inbox can be bookmarked, shared, reloaded and restored by Back, and a saved
 * view is a link. Always in the same order; empty values and the default sort are left out; "unassigned" reads
 * `assignee=none`.
 */
export function inboxQueryString(filters: Partial<Record<string, unknown>>) {
  const params = new URLSearchParams()
  for (const key of ADDRESS_KEYS) {
    const value = filters[key]
    if (value === undefined || value === null || value === '') continue
    if (key === 'sort' && value === DEFAULT_SORT) continue
    params.set(key, key === 'assignee' && value === 0 ? 'none' : String(value))
  }
  return params.toString()
}
