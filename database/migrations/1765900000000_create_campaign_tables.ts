import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Campaigns (docs/campaigns.md): email or SMS A/B tests to contacts. A campaign owns an
 * experiment whose unit is the contact (so assignment, events and results are the
 * experiments' own); these tables hold what only campaigns know: the templates, one
 * message row per recipient (claimed before the provider call, so never sent twice, and
 * carrying the recipient's engagement, each at most once), the reply keyword rules and
 * the kill switch.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE experiments DROP CONSTRAINT IF EXISTS experiments_unit_check`)
    this.schema.raw(
      `ALTER TABLE experiments ADD CONSTRAINT experiments_unit_check
         CHECK (unit IN ('user', 'team', 'visitor', 'contact'))`
    )

    this.schema.createTable('campaigns', (table) => {
      table.increments('id')
      table.text('name').notNullable()
      table.text('channel').notNullable().checkIn(['sms', 'email'])
      table
        .text('status')
        .notNullable()
        .defaultTo('draft')
        .checkIn(['draft', 'scheduled', 'sending', 'testing', 'waiting', 'sent', 'cancelled'])
      table.text('mode').notNullable().defaultTo('split').checkIn(['split', 'test_winner'])
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('RESTRICT')
      table.bigInteger('audience_id').nullable()
      // The seed's ab_config: split_ratio, min_sample_size, winner_threshold.
      table.integer('split_ratio').nullable()
      table.integer('min_sample_size').notNullable().defaultTo(30)
      table.double('winner_threshold').notNullable().defaultTo(0.95)
      table
        .text('winner_metric')
        .notNullable()
        .defaultTo('conversion')
        .checkIn(['open', 'click', 'reply', 'conversion'])
      // Test then winner: the share of the audience tested, the wait, what to do without a winner.
      table.integer('test_percent').nullable()
      table.integer('wait_minutes').nullable()
      table.text('fallback').nullable().checkIn(['control', 'better', 'wait'])
      table.timestamp('scheduled_at', { useTz: true }).nullable()
      table.timestamp('test_ends_at', { useTz: true }).nullable()
      // SMS quiet hours in each contact's time zone, e.g. { "start": "21:00", "end": "08:00" }.
      table.jsonb('quiet_hours').nullable()
      table.text('winner_key').nullable()
      table.jsonb('winner').nullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
    })

    this.schema.createTable('campaign_variants', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('campaigns')
        .onDelete('CASCADE')
      table.text('key').notNullable()
      table.double('weight').notNullable()
      table.text('subject').nullable()
      table.text('preheader').nullable()
      table.text('body').notNullable()
      table.integer('position').notNullable()
      table.unique(['campaign_id', 'key'])
    })

    this.schema.createTable('campaign_messages', (table) => {
      table.bigIncrements('id')
      table
        .integer('campaign_id')
        .notNullable()
        .references('id')
        .inTable('campaigns')
        .onDelete('CASCADE')
      // A deleted contact takes their messages along (nothing of them is kept).
      table
        .bigInteger('contact_id')
        .notNullable()
        .references('id')
        .inTable('contacts')
        .onDelete('CASCADE')
      table.text('variant_key').nullable()
      // all: split campaigns; test: the test group; rest: waits for the winner.
      table.text('phase').notNullable().checkIn(['all', 'test', 'rest'])
      table
        .text('status')
        .notNullable()
        .checkIn(['waiting', 'queued', 'sending', 'sent', 'delivered', 'failed', 'skipped'])
      table.text('token').notNullable().unique()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('send_after', { useTz: true }).nullable()
      table.text('last_error').nullable()
      table.text('skip_reason').nullable()
      table.text('provider_message_id').nullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('claimed_at', { useTz: true }).nullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.timestamp('delivered_at', { useTz: true }).nullable()
      table.timestamp('failed_at', { useTz: true }).nullable()
      table.timestamp('opened_at', { useTz: true }).nullable()
      table.timestamp('clicked_at', { useTz: true }).nullable()
      table.timestamp('replied_at', { useTz: true }).nullable()
      table.text('reply_class').nullable().checkIn(['positive', 'negative', 'neutral'])
      table.timestamp('converted_at', { useTz: true }).nullable()
      table.timestamp('opted_out_at', { useTz: true }).nullable()
      table.unique(['campaign_id', 'contact_id'])
    })
    // The sender's next batch, and a reply's "latest campaign sent to this contact".
    this.schema.raw(
      `CREATE INDEX campaign_messages_due ON campaign_messages (campaign_id, id) WHERE status = 'queued'`
    )
    this.schema.raw(
      `CREATE INDEX campaign_messages_contact_sent ON campaign_messages (contact_id, sent_at DESC) WHERE sent_at IS NOT NULL`
    )

    // Editable reply keywords; without rows, the defaults of campaigns/reply_rules.ts apply.
    this.schema.createTable('campaign_reply_rules', (table) => {
      table.increments('id')
      table.text('keyword').notNullable().unique()
      table.text('classification').notNullable().checkIn(['positive', 'negative', 'neutral'])
    })
    // At most one row: the admins' kill switch (CAMPAIGNS_PAUSED=true stops sending as well).
    this.schema.createTable('campaign_settings', (table) => {
      table.integer('id').primary()
      table.boolean('paused').notNullable().defaultTo(false)
      table.text('paused_reason').nullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
  }

  async down() {
    this.schema.dropTable('campaign_settings')
    this.schema.dropTable('campaign_reply_rules')
    this.schema.dropTable('campaign_messages')
    this.schema.dropTable('campaign_variants')
    this.schema.dropTable('campaigns')
    // Campaigns' experiments (unit contact) have no meaning without them.
    this.schema.raw(`DELETE FROM experiments WHERE unit = 'contact'`)
    this.schema.raw(`ALTER TABLE experiments DROP CONSTRAINT IF EXISTS experiments_unit_check`)
    this.schema.raw(
      `ALTER TABLE experiments ADD CONSTRAINT experiments_unit_check
         CHECK (unit IN ('user', 'team', 'visitor'))`
    )
  }
}
