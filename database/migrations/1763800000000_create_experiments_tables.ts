import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Experiments, their variants, the segments targeting rules may name, and the audit log
 * of every change and lifecycle action.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('segments', (table) => {
      table.increments('id')
      table.string('key', 64).notNullable().unique()
      table.string('name', 120).notNullable()
      table.text('description').nullable()
      table.jsonb('rule').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })

    this.schema.createTable('experiments', (table) => {
      table.increments('id')
      table.string('key', 64).notNullable().unique()
      table.string('name', 160).notNullable()
      table.text('description').nullable()
      table.text('hypothesis').nullable()
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
      table
        .enum('status', ['draft', 'running', 'paused', 'completed'])
        .notNullable()
        .defaultTo('draft')
      table.enum('unit', ['user', 'team', 'visitor']).notNullable().defaultTo('user')
      table
        .enum('assignment_mode', ['deterministic', 'random'])
        .notNullable()
        .defaultTo('deterministic')
      // Share of eligible subjects that enter the experiment, 0..1 (GrowthBook "coverage").
      table.double('traffic_allocation').notNullable().defaultTo(1)
      table.jsonb('targeting').nullable()
      // Metric definitions: { event, kind: conversion|count|sum, name? }.
      table.jsonb('primary_metric').notNullable()
      table.jsonb('secondary_metrics').notNullable().defaultTo('[]')
      table.jsonb('guardrail_metrics').notNullable().defaultTo('[]')
      table
        .enum('analysis_method', ['frequentist', 'sequential', 'bayesian'])
        .notNullable()
        .defaultTo('frequentist')
      table.double('significance_level').notNullable().defaultTo(0.05)
      table.double('power').notNullable().defaultTo(0.8)
      table.integer('minimum_sample_size').notNullable().defaultTo(1000)
      table.enum('correction', ['holm', 'bh', 'none']).notNullable().defaultTo('holm')
      table.double('sequential_tau_2').notNullable().defaultTo(0.0004)
      table.boolean('auto_winner').notNullable().defaultTo(false)
      table.string('hash_seed', 64).notNullable()
      table.smallint('hash_version').notNullable().defaultTo(2)
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('ended_at', { useTz: true }).nullable()
      table.integer('winner_variant_id').nullable()
      table.enum('winner_decision', ['manual', 'automatic']).nullable()
      table.text('winner_reason').nullable()
      table
        .integer('winner_decided_by')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.index(['status'])
    })

    this.schema.createTable('experiment_variants', (table) => {
      table.increments('id')
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.string('key', 64).notNullable()
      table.string('name', 120).notNullable()
      // Share of covered traffic, 0..1; an experiment's weights sum to 1.
      table.double('weight').notNullable()
      table.boolean('is_control').notNullable().defaultTo(false)
      table.jsonb('config').notNullable().defaultTo('{}')
      table.smallint('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.unique(['experiment_id', 'key'])
    })

    this.schema.alterTable('experiments', (table) => {
      table
        .foreign('winner_variant_id')
        .references('id')
        .inTable('experiment_variants')
        .onDelete('SET NULL')
    })

    this.schema.createTable('experiment_audit_log', (table) => {
      table.bigIncrements('id')
      table.enum('entity_type', ['experiment', 'flag', 'segment']).notNullable()
      table.integer('entity_id').notNullable()
      table.string('action', 40).notNullable()
      table.integer('actor_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      // "Ada Admin (admin@example.com)" or "API token Marketing site": kept if the user goes.
      table.string('actor_label', 200).notNullable()
      table.text('reason').nullable()
      table.jsonb('before').nullable()
      table.jsonb('after').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['entity_type', 'entity_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('experiment_audit_log')
    this.schema.alterTable('experiments', (table) => table.dropForeign('winner_variant_id'))
    this.schema.dropTable('experiment_variants')
    this.schema.dropTable('experiments')
    this.schema.dropTable('segments')
  }
}
