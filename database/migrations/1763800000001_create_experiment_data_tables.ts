import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The high-volume tables: one assignment per experiment and subject, and the append-only
 * event stream (never updated; a client idempotency key makes retries harmless).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('experiment_assignments', (table) => {
      table.bigIncrements('id')
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table
        .integer('variant_id')
        .notNullable()
        .references('id')
        .inTable('experiment_variants')
        .onDelete('CASCADE')
      // The unit's id (user id, team id or visitor id) as text.
      table.string('subject_id', 128).notNullable()
      table.double('bucket').nullable()
      table.enum('how', ['deterministic', 'random', 'forced']).notNullable()
      table.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(this.raw('now()'))
      table.timestamp('first_exposed_at', { useTz: true }).nullable()
      table.unique(['experiment_id', 'subject_id'])
      table.index(['experiment_id', 'variant_id'])
    })

    this.schema.createTable('experiment_events', (table) => {
      table.bigIncrements('id')
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table
        .integer('variant_id')
        .notNullable()
        .references('id')
        .inTable('experiment_variants')
        .onDelete('CASCADE')
      table.string('subject_id', 128).notNullable()
      table.string('event_name', 100).notNullable()
      table.double('value').nullable()
      table.jsonb('properties').nullable()
      table.string('idempotency_key', 128).nullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(this.raw('now()'))
      // Per-experiment aggregation reads by (experiment, event) and folds new rows by id.
      table.index(['experiment_id', 'event_name', 'subject_id'])
      table.index(['experiment_id', 'id'])
    })
    this.schema.raw(
      'CREATE UNIQUE INDEX experiment_events_idempotency ON experiment_events (experiment_id, idempotency_key) WHERE idempotency_key IS NOT NULL'
    )

    this.schema.createTable('feature_flags', (table) => {
      table.increments('id')
      table.string('key', 100).notNullable().unique()
      table.string('name', 160).notNullable()
      table.text('description').nullable()
      table.enum('type', ['boolean', 'string', 'number', 'json']).notNullable()
      table.boolean('enabled').notNullable().defaultTo(false)
      table.jsonb('default_value').notNullable()
      table.jsonb('rules').notNullable().defaultTo('[]')
      table.enum('unit', ['user', 'team', 'visitor']).notNullable().defaultTo('user')
      table
        .integer('experiment_id')
        .nullable()
        .references('id')
        .inTable('experiments')
        .onDelete('SET NULL')
      table.string('experiment_config_key', 100).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable('feature_flags')
    this.schema.dropTable('experiment_events')
    this.schema.dropTable('experiment_assignments')
  }
}
