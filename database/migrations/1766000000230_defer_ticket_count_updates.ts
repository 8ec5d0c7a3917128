import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The inbox's counts (ticket_counts) are kept at commit instead of at each ticket write: every
 * new ticket adds one to the same row ('new', unassigned), whose lock the writer then held
 * until its commit, so transactions creating tickets ran one after another from their insert
 * on (the IMAP fetcher's four at a time waited on each other: bench/README.md, IMAP fetch).
 * Deferred, the row is locked only while the transaction commits. The function is unchanged.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      DROP TRIGGER tickets_counts ON tickets;
      CREATE CONSTRAINT TRIGGER tickets_counts AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id
        ON tickets DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION ticket_counts_track();
    `)
  }

  async down() {
    this.schema.raw(`
      DROP TRIGGER tickets_counts ON tickets;
      CREATE TRIGGER tickets_counts AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id
        ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_counts_track();
    `)
  }
}
