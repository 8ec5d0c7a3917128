import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A recompute folds an experiment's subjects in parts (by a hash of the subject), each part
 * in its own transaction and on its own connection, so PostgreSQL works on them on several
 * cores at once (`FOLD_PARTS` in `app/services/results/aggregation.ts`). Each part keeps its
 * own watermarks, totals and daily counts; readers add the parts up.
 */
const KEYED_BY_PART = {
  experiment_aggregation_state: ['experiment_id'],
  experiment_metric_totals: ['experiment_id', 'event_name', 'variant_id'],
  experiment_daily_counts: ['experiment_id', 'event_name', 'day', 'variant_id'],
}

export default class extends BaseSchema {
  async up() {
    // Rows folded before have no part: start over, so the next recompute rebuilds every
    // experiment's statistics from its events.
    this.schema.raw(
      `TRUNCATE experiment_aggregation_state, experiment_exposed_subjects, experiment_subject_metrics,
                experiment_metric_totals, experiment_daily_counts`
    )
    for (const [table, key] of Object.entries(KEYED_BY_PART)) {
      this.schema.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`)
      this.schema.raw(`ALTER TABLE ${table} ADD COLUMN part smallint NOT NULL DEFAULT 0`)
      this.schema.raw(`ALTER TABLE ${table} ADD PRIMARY KEY (${[...key, 'part'].join(', ')})`)
    }
  }

  async down() {
    this.schema.raw(
      `TRUNCATE experiment_aggregation_state, experiment_exposed_subjects, experiment_subject_metrics,
                experiment_metric_totals, experiment_daily_counts`
    )
    for (const [table, key] of Object.entries(KEYED_BY_PART)) {
      this.schema.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`)
      this.schema.raw(`ALTER TABLE ${table} DROP COLUMN part`)
      this.schema.raw(`ALTER TABLE ${table} ADD PRIMARY KEY (${key.join(', ')})`)
    }
  }
}
