import { column } from '@adonisjs/lucid/orm'

/**
 * A jsonb column. node-postgres would send a JS array as a PostgreSQL array literal
 * (and a string unquoted), so values are serialized explicitly; reads come back parsed.
 */
export const jsonColumn = (options: { serializeAs?: string | null } = {}) =>
  column({
    ...options,
    prepare: (value: unknown) =>
      value === undefined || value === null ? value : JSON.stringify(value),
  })
