import { BaseSchema } from '@adonisjs/lucid/schema'

/** Library metrics join the audit log (created, and every edit with what changed). */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE experiment_audit_log DROP CONSTRAINT experiment_audit_log_entity_type_check'
    )
    this.schema.raw(
      `ALTER TABLE experiment_audit_log ADD CONSTRAINT experiment_audit_log_entity_type_check
         CHECK (entity_type IN ('experiment', 'flag', 'segment', 'template', 'metric'))`
    )
  }

  async down() {
    this.schema.raw("DELETE FROM experiment_audit_log WHERE entity_type = 'metric'")
    this.schema.raw(
      'ALTER TABLE experiment_audit_log DROP CONSTRAINT experiment_audit_log_entity_type_check'
    )
    this.schema.raw(
      `ALTER TABLE experiment_audit_log ADD CONSTRAINT experiment_audit_log_entity_type_check
         CHECK (entity_type IN ('experiment', 'flag', 'segment', 'template'))`
    )
  }
}
