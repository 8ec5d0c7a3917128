import type { SchemaRules } from '@adonisjs/lucid/types/schema_generator'

/** Column type overrides for the generated database/schema.ts. */
export default {
  tables: {
    users: {
      columns: {
        role: { tsType: "'admin' | 'agent'" },
      },
    },
  },
} satisfies SchemaRules
