import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per exposed subject holds all its metric sources' statistics, as arrays indexed by
 * the source's slot (its position in the part's `experiment_aggregation_state.sources`):
 * a recompute then reads and writes each changed subject once, instead of once per metric
 * source its events feed (about 2.2 rows per event with CUPED and a ratio metric;
 * bench/README.md). The per-source table goes; its rows move into the arrays, so the stored
 * statistics survive and the next recompute stays incremental. A hash index finds a
 * subject's row (rows are unique by construction, as the per-source rows were).
 */
const STATISTICS = [
  ['event_count', 'integer', '0'],
  ['value_sum', 'double precision', '0'],
  ['first_at', 'timestamp with time zone', 'NULL'],
  ['pre_count', 'integer', '0'],
  ['pre_value', 'double precision', '0'],
  ['den_count', 'integer', '0'],
  ['den_value', 'double precision', '0'],
] as const

export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `ALTER TABLE experiment_exposed_subjects ${STATISTICS.map(([column, type]) => `ADD COLUMN ${column} ${type}[]`).join(', ')}`
    )
    // Slot k of a subject's arrays is its part's k-th source (parts were hashed this way).
    this.schema.raw(`UPDATE experiment_exposed_subjects x
        SET ${STATISTICS.map(([column]) => `${column} = a.${column}`).join(', ')}
       FROM (SELECT x.experiment_id, x.subject_id,
                    ${STATISTICS.map(([column, , zero]) => `array_agg(coalesce(m.${column}, ${zero}) ORDER BY k.slot) AS ${column}`).join(', ')}
               FROM experiment_exposed_subjects x
               JOIN experiment_aggregation_state st
                 ON st.experiment_id = x.experiment_id AND st.part = (hashtextextended(x.subject_id, 0) & 1)
               CROSS JOIN LATERAL unnest(st.sources) WITH ORDINALITY AS k (key, slot)
               LEFT JOIN experiment_subject_metrics m
                 ON m.experiment_id = x.experiment_id AND m.subject_id = x.subject_id AND m.event_name = k.key
              GROUP BY x.experiment_id, x.subject_id
             HAVING count(m.subject_id) > 0) AS a
      WHERE x.experiment_id = a.experiment_id AND x.subject_id = a.subject_id`)
    this.schema.dropTable('experiment_subject_metrics')
    this.schema.raw(
      'ALTER TABLE experiment_exposed_subjects DROP CONSTRAINT experiment_exposed_subjects_pkey'
    )
    this.schema.raw(
      `CREATE INDEX experiment_exposed_subjects_lookup ON experiment_exposed_subjects
         USING hash ((hashtextextended(subject_id, experiment_id)))`
    )
    // Updates then stay on their page (HOT), as the per-source rows' did.
    this.schema.raw('ALTER TABLE experiment_exposed_subjects SET (fillfactor = 70)')
  }

  /** Back to one row per source; the stored statistics are cleared (the next run rebuilds). */
  async down() {
    this.schema.raw(`TRUNCATE experiment_aggregation_state, experiment_exposed_subjects,
      experiment_metric_totals, experiment_daily_counts`)
    this.schema.raw('ALTER TABLE experiment_exposed_subjects RESET (fillfactor)')
    this.schema.raw('DROP INDEX experiment_exposed_subjects_lookup')
    this.schema.raw(
      `ALTER TABLE experiment_exposed_subjects ${STATISTICS.map(([column]) => `DROP COLUMN ${column}`).join(', ')},
         ADD PRIMARY KEY (experiment_id, subject_id)`
    )
    this.schema.raw(`CREATE UNLOGGED TABLE experiment_subject_metrics (
        experiment_id integer NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        event_name varchar(100) NOT NULL,
        subject_id varchar(128) NOT NULL,
        variant_id integer NOT NULL,
        event_count bigint NOT NULL,
        value_sum double precision NOT NULL,
        first_at timestamptz,
        exposed_at timestamptz NOT NULL,
        pre_count integer NOT NULL DEFAULT 0,
        pre_value double precision NOT NULL DEFAULT 0,
        den_count integer NOT NULL DEFAULT 0,
        den_value double precision NOT NULL DEFAULT 0
      ) WITH (fillfactor = 70)`)
    this.schema.raw(
      `CREATE INDEX experiment_subject_metrics_lookup ON experiment_subject_metrics
         USING hash ((hashtextextended(subject_id, experiment_id)))`
    )
  }
}
