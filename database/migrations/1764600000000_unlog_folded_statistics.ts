import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The folded statistics are derived data: the events rebuild them (`--full`). Unlogged, their
 * writes skip the write-ahead log: a recompute's updates logged each changed page whole after
 * every checkpoint (109 MB for 100,000 events; bench/README.md). After a crash PostgreSQL
 * empties unlogged tables; the watermarks are among them, so every experiment then starts
 * from nothing and its next recompute rebuilds it from the events, all tables consistent.
 * Snapshots (`experiment_results`) stay logged: pages show the last one meanwhile.
 */
const TABLES = [
  'experiment_aggregation_state',
  'experiment_exposed_subjects',
  'experiment_subject_metrics',
  'experiment_metric_totals',
  'experiment_daily_counts',
]

export default class extends BaseSchema {
  async up() {
    for (const table of TABLES) this.schema.raw(`ALTER TABLE ${table} SET UNLOGGED`)
  }

  async down() {
    for (const table of TABLES) this.schema.raw(`ALTER TABLE ${table} SET LOGGED`)
  }
}
