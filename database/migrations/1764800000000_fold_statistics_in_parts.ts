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

/** Clears the stored statistics (both ways): rows have no part before, and one after. */
const CLEAR_STATISTICS = `TRUNCATE experiment_aggregation_state, experiment_exposed_subjects,
  experiment_subject_metrics, experiment_metric_totals, experiment_daily_counts`

export default class extends BaseSchema {
  async up() {
    // The next recompute rebuilds every experiment's statistics from its events.
    this.schema.raw(CLEAR_STATISTICS)
    this.keyBy((key) => [...key, 'part'], 'ADD COLUMN part smallint NOT NULL DEFAULT 0')
  }

  async down() {
    this.schema.raw(CLEAR_STATISTICS)
    this.keyBy((key) => key, 'DROP COLUMN part')
  }

  /** Replaces each table's primary key, changing the part column in between. */
  private keyBy(columns: (key: string[]) => string[], partColumn: string) {
    for (const [table, key] of Object.entries(KEYED_BY_PART)) {
      this.schema.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`)
      this.schema.raw(`ALTER TABLE ${table} ${partColumn}`)
      this.schema.raw(`ALTER TABLE ${table} ADD PRIMARY KEY (${columns(key).join(', ')})`)
    }
  }
}
