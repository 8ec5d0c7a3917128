import { BaseSchema } from '@adonisjs/lucid/schema'

const COLUMNS = `id, experiment_id, variant_id, subject_id, event_name, value, properties,
  idempotency_key, occurred_at, received_at`

const INDEXES = [
  'CREATE INDEX experiment_events_experiment_id_event_name_subject_id_index ON experiment_events (experiment_id, event_name, subject_id)',
  'CREATE INDEX experiment_events_experiment_id_id_index ON experiment_events (experiment_id, id)',
  'CREATE INDEX experiment_events_experiment_id_subject_id_index ON experiment_events (experiment_id, subject_id)',
  `CREATE INDEX experiment_events_ticket_number ON experiment_events ((properties->>'ticketNumber'))
    WHERE event_name = 'ticket_submitted'`,
]

/**
 * experiment_events (every tracked event, campaign message event and help-center outcome)
 * becomes range-partitioned by the month it was received (UTC), keeping its rows
 * (docs/scaling.md#partitioned-events). `received_at` is the key because the incremental
 * fold reads what arrived since its last run, and retention detaches by arrival.
 *
 * A partitioned table's unique indexes must contain the partition key, so
 * (experiment_id, idempotency_key) can no longer be unique there: a retry arrives later.
 * The keys move to experiment_event_keys, which the inserts claim in the same statement.
 *
 * The partitions live in the schema `event_partitions` (out of the generated model schemas,
 * and detached ones wait there to be archived). `experiment_events_partition(month)`
 * creates one month's partition, moving any rows the
 * default partition caught for that month; the experiments domain calls it ahead of time
 * (`events:partitions`, the leader's timer).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE SCHEMA event_partitions')
    this.schema.raw(`
      CREATE FUNCTION experiment_events_partition(month date) RETURNS boolean
      LANGUAGE plpgsql AS $$
      DECLARE
        first timestamptz := make_timestamptz(extract(year FROM month)::int, extract(month FROM month)::int, 1, 0, 0, 0, 'UTC');
        after timestamptz := make_timestamptz(extract(year FROM month + interval '1 month')::int,
                                              extract(month FROM month + interval '1 month')::int, 1, 0, 0, 0, 'UTC');
        name text := 'experiment_events_' || to_char(month, 'YYYY_MM');
      BEGIN
        -- Two processes creating the same month wait for each other instead of failing.
        PERFORM pg_advisory_xact_lock(hashtext('experiment_events_partition'));
        IF to_regclass('event_partitions.' || name) IS NOT NULL THEN RETURN false; END IF;
        EXECUTE format('CREATE TABLE event_partitions.%I (LIKE experiment_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
        EXECUTE format('WITH moved AS (DELETE FROM event_partitions.experiment_events_default WHERE received_at >= %L AND received_at < %L RETURNING *)
                        INSERT INTO event_partitions.%I SELECT * FROM moved', first, after, name);
        EXECUTE format('ALTER TABLE experiment_events ATTACH PARTITION event_partitions.%I FOR VALUES FROM (%L) TO (%L)', name, first, after);
        RETURN true;
      END $$`)

    this.schema.raw('ALTER TABLE experiment_events RENAME TO experiment_events_unpartitioned')
    this.schema.raw(
      'ALTER TABLE experiment_events_unpartitioned RENAME CONSTRAINT experiment_events_pkey TO experiment_events_unpartitioned_pkey'
    )
    this.schema.raw('ALTER SEQUENCE experiment_events_id_seq OWNED BY NONE')
    this.schema.raw(`
      CREATE TABLE experiment_events (
        id bigint NOT NULL DEFAULT nextval('experiment_events_id_seq'),
        experiment_id integer NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        variant_id integer NOT NULL REFERENCES experiment_variants (id) ON DELETE CASCADE,
        subject_id varchar(128) NOT NULL,
        event_name varchar(100) NOT NULL,
        value double precision,
        properties jsonb,
        idempotency_key varchar(128),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT experiment_events_pkey PRIMARY KEY (id, received_at)
      ) PARTITION BY RANGE (received_at)`)
    this.schema.raw('ALTER SEQUENCE experiment_events_id_seq OWNED BY experiment_events.id')
    this.schema.raw(
      'CREATE TABLE event_partitions.experiment_events_default PARTITION OF experiment_events DEFAULT'
    )
    // Every month the rows cover, this one and the next three.
    this.schema.raw(`
      SELECT experiment_events_partition(month::date)
        FROM generate_series(
               date_trunc('month', least(now(), (SELECT min(received_at) FROM experiment_events_unpartitioned)) AT TIME ZONE 'UTC'),
               date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
               interval '1 month') AS month`)
    this.schema.raw(
      `INSERT INTO experiment_events (${COLUMNS}) SELECT ${COLUMNS} FROM experiment_events_unpartitioned`
    )

    this.schema.raw(`
      CREATE TABLE experiment_event_keys (
        experiment_id integer NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        idempotency_key varchar(128) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (experiment_id, idempotency_key)
      )`)
    this.schema.raw(`
      INSERT INTO experiment_event_keys (experiment_id, idempotency_key, received_at)
      SELECT experiment_id, idempotency_key, received_at FROM experiment_events_unpartitioned
       WHERE idempotency_key IS NOT NULL`)

    this.schema.raw('DROP TABLE experiment_events_unpartitioned')
    for (const index of INDEXES) this.schema.raw(index)
    this.schema.raw('ANALYZE experiment_events')
  }

  async down() {
    this.schema.raw('ALTER TABLE experiment_events RENAME TO experiment_events_partitioned')
    this.schema.raw(
      'ALTER TABLE experiment_events_partitioned RENAME CONSTRAINT experiment_events_pkey TO experiment_events_partitioned_pkey'
    )
    this.schema.raw('ALTER SEQUENCE experiment_events_id_seq OWNED BY NONE')
    this.schema.raw(`
      CREATE TABLE experiment_events (
        id bigint PRIMARY KEY DEFAULT nextval('experiment_events_id_seq'),
        experiment_id integer NOT NULL CONSTRAINT experiment_events_experiment_id_foreign
          REFERENCES experiments (id) ON DELETE CASCADE,
        variant_id integer NOT NULL CONSTRAINT experiment_events_variant_id_foreign
          REFERENCES experiment_variants (id) ON DELETE CASCADE,
        subject_id varchar(128) NOT NULL,
        event_name varchar(100) NOT NULL,
        value double precision,
        properties jsonb,
        idempotency_key varchar(128),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw('ALTER SEQUENCE experiment_events_id_seq OWNED BY experiment_events.id')
    this.schema.raw(
      `INSERT INTO experiment_events (${COLUMNS}) SELECT ${COLUMNS} FROM experiment_events_partitioned`
    )
    this.schema.raw('DROP TABLE experiment_events_partitioned')
    this.schema.raw('DROP TABLE experiment_event_keys')
    this.schema.raw('DROP FUNCTION experiment_events_partition(date)')
    this.schema.raw('DROP SCHEMA event_partitions CASCADE')
    for (const index of INDEXES) this.schema.raw(index)
    this.schema.raw(
      'CREATE UNIQUE INDEX experiment_events_idempotency ON experiment_events (experiment_id, idempotency_key) WHERE idempotency_key IS NOT NULL'
    )
  }
}
