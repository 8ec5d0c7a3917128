import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Fewer index entries per campaign message, so adding 100,000 recipients writes less
 * (bench/README.md, Campaigns). New messages store no tracking token: it is signed from
 * the message id (app/services/campaigns/link_tokens.ts); messages that already have one
 * keep it, still unique, and their links still work. The provider's message id is set
 * once a message is sent: only those rows need an entry in its unique index.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE campaign_messages ALTER COLUMN token DROP NOT NULL;
      ALTER TABLE campaign_messages DROP CONSTRAINT campaign_messages_token_unique;
      CREATE UNIQUE INDEX campaign_messages_token_unique ON campaign_messages (token)
        WHERE token IS NOT NULL;
      ALTER TABLE campaign_messages DROP CONSTRAINT campaign_messages_provider_message_id_unique;
      CREATE UNIQUE INDEX campaign_messages_provider_message_id_unique
        ON campaign_messages (provider_message_id) WHERE provider_message_id IS NOT NULL;
    `)
  }

  async down() {
    // Messages without a stored token get a random one: links already sent to them stop working.
    this.schema.raw(`
      DROP INDEX campaign_messages_provider_message_id_unique;
      ALTER TABLE campaign_messages ADD CONSTRAINT campaign_messages_provider_message_id_unique
        UNIQUE (provider_message_id);
      DROP INDEX campaign_messages_token_unique;
      UPDATE campaign_messages SET token = replace(gen_random_uuid()::text, '-', '')
        WHERE token IS NULL;
      ALTER TABLE campaign_messages ALTER COLUMN token SET NOT NULL;
      ALTER TABLE campaign_messages ADD CONSTRAINT campaign_messages_token_unique UNIQUE (token);
    `)
  }
}
