import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An incremental recompute finds, for every new event, the row of its subject and event
 * name: 100,000 lookups for 100,000 events. A B-tree on (experiment, event name, subject)
 * walks three levels of text keys per lookup; a hash index on one 64-bit hash of the
 * experiment and subject reads one bucket page. On the benchmark's million subjects the
 * lookups alone took 0.35–0.40 s instead of 0.74–0.76 s (bench/README.md). Rows stay unique
 * by construction: the fold inserts a row only for a (subject, event name) it did not find,
 * and runs of one experiment are serialized; so the B-tree primary key goes, and with it
 * its upkeep in a full rebuild (about 10 % of that run).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE experiment_subject_metrics DROP CONSTRAINT experiment_subject_metrics_pkey'
    )
    this.schema.raw(
      `CREATE INDEX experiment_subject_metrics_lookup ON experiment_subject_metrics
         USING hash ((hashtextextended(subject_id, experiment_id)))`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX experiment_subject_metrics_lookup')
    this.schema.alterTable('experiment_subject_metrics', (table) => {
      table.primary(['experiment_id', 'event_name', 'subject_id'])
    })
  }
}
