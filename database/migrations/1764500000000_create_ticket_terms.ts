import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The words of each ticket in ticket-id order, so that search reads a word's newest
 * tickets first and stops at the 500th, where the GIN index can only hand back every
 * ticket that has the word. One row per (lexeme, ticket); kept by a trigger from the
 * ticket's search vector. Search checks every candidate against the ticket itself, so a
 * row left behind (tickets emptied by TRUNCATE) can never produce a wrong match.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE ticket_terms (
        lexeme text NOT NULL,
        ticket_id bigint NOT NULL,
        PRIMARY KEY (lexeme, ticket_id)
      );
      CREATE OR REPLACE FUNCTION ticket_terms_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        -- OLD is null on INSERT and NEW on DELETE.
        old_terms text[] := coalesce(tsvector_to_array(OLD.search_vector), '{}');
        new_terms text[] := coalesce(tsvector_to_array(NEW.search_vector), '{}');
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM ticket_terms
           WHERE ticket_id = OLD.id
             AND lexeme = ANY (ARRAY(SELECT unnest(old_terms) EXCEPT SELECT unnest(new_terms)));
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO ticket_terms (lexeme, ticket_id)
          SELECT lexeme, NEW.id
            FROM (SELECT unnest(new_terms) EXCEPT SELECT unnest(old_terms)) AS added (lexeme)
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tickets_terms AFTER INSERT OR DELETE OR UPDATE OF title, description, messages_vector
        ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_terms_track();
      INSERT INTO ticket_terms (lexeme, ticket_id)
      SELECT lexeme, id FROM tickets, unnest(tsvector_to_array(search_vector)) AS lexeme;
    `)
  }

  async down() {
    this.schema.raw(`
      DROP TRIGGER tickets_terms ON tickets;
      DROP FUNCTION ticket_terms_track();
      DROP TABLE ticket_terms;
    `)
  }
}
