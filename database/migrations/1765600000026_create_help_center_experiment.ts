import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The built-in deflection experiment `help-center-suggestions` (running, 10 % holdout,
 * editable like any other: docs/deflection.md), and the lookup that links a ticket's CSAT
 * and reopen to the visitor who submitted it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `CREATE INDEX experiment_events_ticket_number ON experiment_events ((properties->>'ticketNumber'))
        WHERE event_name = 'ticket_submitted'`
    )
    this.defer(async () => {
      const { installHelpCenterExperiment } = await import('#services/experiments')
      const { SYSTEM_ACTOR } = await import('#services/accounts')
      await installHelpCenterExperiment(SYSTEM_ACTOR)
    })
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS experiment_events_ticket_number')
    this.defer(async (db) => {
      await db.from('experiments').where('key', 'help-center-suggestions').delete()
    })
  }
}
