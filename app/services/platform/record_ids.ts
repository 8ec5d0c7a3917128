/**
 * Row ids and ticket numbers are PostgreSQL `integer`s: 1 to 2,147,483,647. A value
 * outside that range (or not a number at all) cannot name a row, and sending it to the
 * database would fail the query instead of finding nothing.
 */
export const RECORD_ID =
  /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/

/** The id as a number, or null when it cannot name a row. */
export function recordId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value
  return typeof text === 'string' && RECORD_ID.test(text) ? Number(text) : null
}
