/**
 * experiment_events is partitioned by month of receipt, and a partitioned table's unique
 * indexes must hold the partition key: a retry received later would not conflict there.
 * An event's idempotency key is therefore claimed in experiment_event_keys in the same
 * statement, and the event is inserted only when this statement claimed its key (one row
 * per key even when `rows` names a key twice). Events without a key are all inserted.
 *
 * `rows` is a SELECT yielding experiment_id, variant_id, subject_id, event_name, value,
 * properties, idempotency_key, occurred_at; `returning` is the INSERT's RETURNING list.
 */
export function insertEventsOnce(rows: string, returning: string) {
  const columns = `experiment_id, variant_id, subject_id, event_name, value, properties, idempotency_key, occurred_at`
  return `WITH incoming AS MATERIALIZED (${rows}),
     claimed AS (
       INSERT INTO experiment_event_keys (experiment_id, idempotency_key)
       SELECT DISTINCT experiment_id, idempotency_key FROM incoming WHERE idempotency_key IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING experiment_id, idempotency_key)
     INSERT INTO experiment_events (${columns})
     SELECT ${columns} FROM incoming WHERE idempotency_key IS NULL
     UNION ALL
     SELECT DISTINCT ON (experiment_id, idempotency_key) ${columns}
       FROM incoming JOIN claimed USING (experiment_id, idempotency_key)
     RETURNING ${returning}`
}
