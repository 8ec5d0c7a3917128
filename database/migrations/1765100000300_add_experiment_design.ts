import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Experiment design (docs/experiment-design.md): holdouts, namespaces, scheduled start and
 * stop, archiving, multi-armed bandits, and templates.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('experiments', (table) => {
      // A holdout is an experiment whose control variant is the held-out share of traffic.
      table.enum('kind', ['experiment', 'holdout']).notNullable().defaultTo('experiment')
      table
        .integer('holdout_id')
        .nullable()
        .references('id')
        .inTable('experiments')
        .onDelete('SET NULL')
      // [{ namespace, start, end }]: the subject must fall in every range (mutual exclusion).
      table.jsonb('namespaces').notNullable().defaultTo('[]')
      table.timestamp('scheduled_start_at', { useTz: true }).nullable()
      table.timestamp('scheduled_stop_at', { useTz: true }).nullable()
      table.timestamp('archived_at', { useTz: true }).nullable()
      table.boolean('bandit').notNullable().defaultTo(false)
      // The bandit keeps the starting weights until every arm has this many exposed subjects
      // and this many hours have passed since the start.
      table.integer('bandit_burn_in_subjects').notNullable().defaultTo(100)
      table.integer('bandit_burn_in_hours').notNullable().defaultTo(0)
      table.index(['holdout_id'])
    })

    this.schema.createTable('experiment_templates', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable().unique()
      table.text('description').nullable()
      table.jsonb('primary_metric').notNullable()
      table.jsonb('secondary_metrics').notNullable().defaultTo('[]')
      table.jsonb('guardrail_metrics').notNullable().defaultTo('[]')
      table.enum('analysis_method', ['frequentist', 'sequential', 'bayesian']).notNullable()
      table.enum('correction', ['holm', 'bh', 'none']).notNullable()
      table.double('significance_level').notNullable().defaultTo(0.05)
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })

    // Templates are audited like experiments, flags and segments.
    this.schema.raw(
      'ALTER TABLE experiment_audit_log DROP CONSTRAINT experiment_audit_log_entity_type_check'
    )
    this.schema.raw(
      `ALTER TABLE experiment_audit_log ADD CONSTRAINT experiment_audit_log_entity_type_check
         CHECK (entity_type IN ('experiment', 'flag', 'segment', 'template'))`
    )
  }

  async down() {
    this.schema.raw("DELETE FROM experiment_audit_log WHERE entity_type = 'template'")
    this.schema.raw(
      'ALTER TABLE experiment_audit_log DROP CONSTRAINT experiment_audit_log_entity_type_check'
    )
    this.schema.raw(
      `ALTER TABLE experiment_audit_log ADD CONSTRAINT experiment_audit_log_entity_type_check
         CHECK (entity_type IN ('experiment', 'flag', 'segment'))`
    )
    this.schema.dropTable('experiment_templates')
    this.schema.alterTable('experiments', (table) => {
      table.dropColumns(
        'kind',
        'holdout_id',
        'namespaces',
        'scheduled_start_at',
        'scheduled_stop_at',
        'archived_at',
        'bandit',
        'bandit_burn_in_subjects',
        'bandit_burn_in_hours'
      )
    })
  }
}
