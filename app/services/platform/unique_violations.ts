import string from '@adonisjs/core/helpers/string'

/**
 * The field a PostgreSQL unique violation (SQLSTATE 23505) is about, or null for any
 * other error. Two requests can both pass a validator's "is it taken?" check and race
 * to insert; the loser's answer should name the field like the validator would.
 * PostgreSQL names the key in its detail: `Key (experiment_id, key)=(3, a) already
 * exists.` or `Key (lower(email::text))=(…)`; the last column that is not a reference
 * to another row is the one the user typed.
 */
export function uniqueViolationField(error: unknown): string | null {
  if (!(error instanceof Error) || (error as { code?: string }).code !== '23505') return null
  const key = /^Key \((.+?)\)=\(/.exec((error as { detail?: string }).detail ?? '')?.[1] ?? ''
  const columns = key
    .split(',')
    .map((part) => /(\w+)(?:::\w+)?\)*\s*$/.exec(part.trim())?.[1] ?? '')
  const typed = columns.filter((column) => column && !column.endsWith('_id'))
  return string.camelCase(typed.at(-1) ?? columns.at(-1) ?? 'value') || 'value'
}
