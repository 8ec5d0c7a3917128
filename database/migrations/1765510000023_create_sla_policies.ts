import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * SLAs: one policy per priority (minutes to a first response, to each next response and
 * to resolution), the desk's business-hours calendar, each ticket's running clock, and
 * every target's outcome (met or breached) for the reports. Without rows, the defaults
 * in app/services/support/sla_policies.ts apply.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sla_policies', (table) => {
      table.string('priority', 10).primary()
      table.integer('first_response_minutes').notNullable()
      table.integer('next_response_minutes').nullable()
      table.integer('resolution_minutes').nullable()
      // false: the clock runs around the clock (24/7).
      table.boolean('business_hours').notNullable().defaultTo(false)
      table.boolean('pause_when_pending').notNullable().defaultTo(true)
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    // One row: the desk's calendar.
    this.schema.createTable('business_calendar', (table) => {
      table.integer('id').primary()
      table.string('time_zone', 64).notNullable()
      // ISO weekday → { start: "HH:MM", end: "HH:MM" }.
      table.jsonb('week').notNullable()
      table.jsonb('holidays').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    // A ticket's clocks as of its last change; due_at is the earliest target still running.
    this.schema.createTable('ticket_sla', (table) => {
      table.integer('ticket_id').primary().references('id').inTable('tickets').onDelete('CASCADE')
      table.timestamp('first_response_due_at', { useTz: true }).nullable()
      table.timestamp('next_response_due_at', { useTz: true }).nullable()
      table.timestamp('resolution_due_at', { useTz: true }).nullable()
      table.timestamp('due_at', { useTz: true }).nullable()
      table.string('due_target', 20).nullable()
      table.boolean('paused').notNullable().defaultTo(false)
      // The due time an agent was warned about (one warning per due time).
      table.timestamp('warned_due_at', { useTz: true }).nullable()
      table.index(['due_at'])
    })

    // Each target a ticket was measured against; breached when done after due (or not done by then).
    this.schema.createTable('ticket_sla_outcomes', (table) => {
      table.bigIncrements('id')
      table
        .integer('ticket_id')
        .notNullable()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      table.string('target', 20).notNullable()
      table.timestamp('started_at', { useTz: true }).notNullable()
      table.timestamp('due_at', { useTz: true }).nullable()
      table.timestamp('done_at', { useTz: true }).nullable()
      table.timestamp('breached_at', { useTz: true }).nullable()
      table.integer('agent_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.unique(['ticket_id', 'target', 'started_at'])
      table.index(['started_at'])
    })
  }

  async down() {
    this.schema.dropTable('ticket_sla_outcomes')
    this.schema.dropTable('ticket_sla')
    this.schema.dropTable('business_calendar')
    this.schema.dropTable('sla_policies')
  }
}
