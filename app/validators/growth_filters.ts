import { growthFiltersValidator } from '#validators/growth'
import { DEFAULT_PERIOD, resolvePeriod, type Filters } from '#services/growth'

export interface FieldErrors {
  [field: string]: string[]
}

/**
 * The dashboard's filters from a query string. Bad input (an edited URL, a custom period
 * that ends before it starts) shows the default period with the errors next to the form,
 * never an error page.
 */
export async function dashboardFilters(
  query: Record<string, unknown>
): Promise<{ filters: Filters; errors: FieldErrors | null }> {
  // An empty field of the form ("All loops", hidden dates) means "not given".
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''))
  const [error, input] = await growthFiltersValidator.tryValidate(given)
  if (error) {
    const errors: FieldErrors = {}
    for (const { field, message } of error.messages as { field: string; message: string }[]) {
      ;(errors[field] ??= []).push(message)
    }
    return {
      filters: { period: resolvePeriod({ period: String(DEFAULT_PERIOD) }), loop: null },
      errors,
    }
  }
  return { filters: { period: resolvePeriod(input), loop: input.loop ?? null }, errors: null }
}

/** The query string that selects these filters (links, CSV exports, refreshes). */
export function filtersQuery({ period, loop }: Filters) {
  const query = new URLSearchParams({ period: period.key })
  if (period.key === 'custom') {
    query.set('from', period.from)
    query.set('to', period.to)
  }
  if (loop) query.set('loop', loop)
  return query.toString()
}
