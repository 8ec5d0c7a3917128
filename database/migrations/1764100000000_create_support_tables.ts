import { BaseSchema } from '@adonisjs/lucid/schema'
import type { Knex } from 'knex'

/**
 * The help desk: tickets with a human number, their conversation, the history of every
 * status and field change, satisfaction ratings, FAQ deflections and agent presence.
 *
 * Built for a million tickets: inbox views read partial indexes in their sort order
 * (keyset pagination), view counts come from a small table kept by a trigger, and search
 * reads one weighted tsvector per ticket that covers title, description and messages.
 */
/** A row of a ticket's conversation or history: id, ticket, time, read in id order. */
function ticketRow(table: Knex.CreateTableBuilder) {
  table.increments('id')
  table.integer('ticket_id').notNullable().references('id').inTable('tickets').onDelete('CASCADE')
  table.timestamp('created_at', { useTz: true }).notNullable()
  table.index(['ticket_id', 'id'])
}

/** Who made a change: agent (with their id and name at the time), customer or system. */
function actorColumns(table: Knex.CreateTableBuilder) {
  table.string('actor_type', 10).notNullable()
  table.integer('actor_id').nullable().references('id').inTable('users').onDelete('SET NULL')
  table.string('actor_name', 120).nullable()
}

export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE SEQUENCE ticket_number_seq START 1001')

    this.schema.createTable('tickets', (table) => {
      table.increments('id')
      table
        .integer('number')
        .notNullable()
        .unique()
        .defaultTo(this.raw("nextval('ticket_number_seq')"))
      table.string('title', 200).notNullable()
      table.text('description').notNullable()
      table.string('priority', 10).notNullable().defaultTo('medium')
      table.string('status', 12).notNullable().defaultTo('new')
      table.string('contact_email', 254).notNullable()
      table.string('contact_name', 120).nullable()
      table.integer('assignee_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
      // Where the ticket came from: the public form, the API, or an agent.
      table.string('source', 12).notNullable().defaultTo('help_center')
      table.integer('message_count').notNullable().defaultTo(0)
      table.timestamp('last_message_at', { useTz: true }).nullable()
      table.timestamp('first_response_at', { useTz: true }).nullable()
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table.timestamp('closed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['contact_email'])
    })
    this.schema.raw('ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number')
    this.schema.raw(`
      ALTER TABLE tickets
        ADD CONSTRAINT tickets_priority_check
          CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
        ADD CONSTRAINT tickets_status_check
          CHECK (status IN ('new', 'in_progress', 'pending', 'resolved', 'closed')),
        ADD COLUMN priority_rank smallint GENERATED ALWAYS AS (
          CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END
        ) STORED,
        ADD COLUMN is_open boolean GENERATED ALWAYS AS (
          status IN ('new', 'in_progress', 'pending')
        ) STORED,
        -- Message text is appended as messages arrive (messages are never edited).
        ADD COLUMN messages_vector tsvector,
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', description), 'B') ||
          coalesce(messages_vector, ''::tsvector)
        ) STORED
    `)
    // One index per inbox view, in the order the view reads it.
    this.schema.raw(`
      CREATE INDEX tickets_all_idx ON tickets (updated_at DESC, id DESC);
      CREATE INDEX tickets_open_idx ON tickets (updated_at DESC, id DESC) WHERE is_open;
      CREATE INDEX tickets_assignee_open_idx ON tickets (assignee_id, updated_at DESC, id DESC)
        WHERE is_open;
      CREATE INDEX tickets_status_idx ON tickets (status, updated_at DESC, id DESC);
      CREATE INDEX tickets_priority_open_idx ON tickets (priority_rank, id) WHERE is_open;
      CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);
      CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);
      CREATE INDEX tickets_created_idx ON tickets (created_at);
      CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
    `)

    // Tickets per (status, assignee); 0 stands for "unassigned". View counts add up a few
    // rows here instead of counting a million tickets.
    this.schema.raw(`
      CREATE TABLE ticket_counts (
        status varchar(12) NOT NULL,
        assignee_key integer NOT NULL,
        tickets bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (status, assignee_key)
      );
      CREATE OR REPLACE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = NEW.status
           AND OLD.assignee_id IS NOT DISTINCT FROM NEW.assignee_id THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE ticket_counts SET tickets = tickets - 1
           WHERE status = OLD.status AND assignee_key = coalesce(OLD.assignee_id, 0);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO ticket_counts (status, assignee_key, tickets)
          VALUES (NEW.status, coalesce(NEW.assignee_id, 0), 1)
          ON CONFLICT (status, assignee_key) DO UPDATE SET tickets = ticket_counts.tickets + 1;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tickets_counts AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id
        ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_counts_track();
    `)

    this.schema.createTable('ticket_messages', (table) => {
      ticketRow(table)
      // customer: from the customer; reply: an agent's public reply; note: internal only.
      table.string('kind', 10).notNullable()
      table.integer('author_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('author_name', 120).nullable()
      table.text('body').notNullable()
    })
    this.schema.raw(`
      ALTER TABLE ticket_messages ADD CONSTRAINT ticket_messages_kind_check
        CHECK (kind IN ('customer', 'reply', 'note'))
    `)

    this.schema.createTable('ticket_status_history', (table) => {
      ticketRow(table)
      actorColumns(table)
      table.string('old_status', 12).nullable()
      table.string('new_status', 12).notNullable()
      table.text('note').nullable()
      // A public note is shown to the customer (and mailed); otherwise it is for agents.
      table.boolean('note_public').notNullable().defaultTo(false)
    })

    // Changes to other fields (assignee, priority, tags, title), for the timeline.
    this.schema.createTable('ticket_changes', (table) => {
      ticketRow(table)
      actorColumns(table)
      table.string('field', 12).notNullable()
      table.text('old_value').nullable()
      table.text('new_value').nullable()
    })

    this.schema.createTable('csat_responses', (table) => {
      table.integer('ticket_id').primary().references('id').inTable('tickets').onDelete('CASCADE')
      table.smallint('rating').notNullable()
      table.text('comment').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['created_at'])
    })
    this.schema.raw(`
      ALTER TABLE csat_responses ADD CONSTRAINT csat_rating_check CHECK (rating BETWEEN 1 AND 5)
    `)

    // "This answered my question" on the ticket form: a ticket that was never written.
    this.schema.createTable('ticket_deflections', (table) => {
      table.increments('id')
      table.integer('faq_id').notNullable().references('id').inTable('faqs').onDelete('CASCADE')
      table.string('query', 500).notNullable()
      table.string('visitor_id', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['created_at'])
    })

    // Who has a ticket open right now; rows older than the heartbeat window are ignored.
    this.schema.raw(`
      CREATE UNLOGGED TABLE ticket_viewers (
        ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        replying boolean NOT NULL DEFAULT false,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (ticket_id, user_id)
      )
    `)
  }

  async down() {
    this.schema.raw('DROP TABLE IF EXISTS ticket_viewers')
    this.schema.dropTable('ticket_deflections')
    this.schema.dropTable('csat_responses')
    this.schema.dropTable('ticket_changes')
    this.schema.dropTable('ticket_status_history')
    this.schema.dropTable('ticket_messages')
    this.schema.raw('DROP TABLE IF EXISTS ticket_counts')
    this.schema.dropTable('tickets')
    this.schema.raw('DROP FUNCTION IF EXISTS ticket_counts_track()')
  }
}
