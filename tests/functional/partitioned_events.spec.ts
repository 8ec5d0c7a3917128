import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import pg from 'pg'
import env from '#start/env'
import { BATCH_CONNECTION } from '#config/database'
import { SYSTEM_ACTOR } from '#services/accounts'
import {
  installHelpCenterExperiment,
  maintainEventPartitions,
  trackEvents,
} from '#services/experiments'
import { deflectionReport, recomputeExperiment } from '#services/results'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'

const DAY = 86_400_000

const monthPartition = (date: Date) =>
  `experiment_events_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`

/** Partition each event is stored in, counted. */
async function eventsPerPartition() {
  const { rows } = await db.rawQuery(
    `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM experiment_events GROUP BY 1`
  )
  return Object.fromEntries(rows.map((r: { partition: string; n: number }) => [r.partition, r.n]))
}

/** Statements sent on these connections while `work` runs. */
async function statementsOf(connections: string[], work: () => Promise<unknown>) {
  const seen: { sql: string; bindings: unknown[] }[] = []
  const listen = (query: { sql: string; bindings: unknown[] }) => seen.push(query)
  const clients = connections.map((name) => db.connection(name).getWriteClient())
  for (const client of clients) client.on('query', listen)
  try {
    await work()
  } finally {
    for (const client of clients) client.off('query', listen)
  }
  return seen
}

/** The event partitions PostgreSQL's plan of a statement reads. */
async function partitionsRead(statement: { sql: string; bindings: unknown[] }) {
  const client = new pg.Client({ connectionString: env.get('DATABASE_URL') })
  await client.connect()
  try {
    const { rows } = await client.query(
      `EXPLAIN (FORMAT JSON) ${statement.sql}`,
      statement.bindings
    )
    const names = JSON.stringify(rows[0]['QUERY PLAN']).match(/experiment_events_\w+/g) ?? []
    return new Set(names)
  } finally {
    await client.end()
  }
}

test.group('Partitioned events', (group) => {
  group.each.setup(resetDatabase)

  test('events across a month boundary land in their months and fold to the same results', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, {
      control: { subjects: 400, converters: 40 },
      treatment: { subjects: 400, converters: 60 },
    })
    await recomputeExperiment(experiment, { full: true, computedBy: 'test' })

    // Half the conversions arrived last month (an import, or a fold that ran late).
    const lastMonth = new Date(Date.now() - 40 * DAY)
    await db.rawQuery(
      `UPDATE experiment_events SET received_at = received_at - interval '40 days' WHERE id % 2 = 0`
    )
    await maintainEventPartitions()
    const stored = await eventsPerPartition()
    assert.equal(stored[`event_partitions.${monthPartition(lastMonth)}`], 50)
    assert.equal(stored[`event_partitions.${monthPartition(new Date())}`], 50)

    await recomputeExperiment(experiment, { full: true, computedBy: 'test' })
    const [before, after] = await db.from('experiment_results').orderBy('id')
    assert.isNull(after.error)
    assert.deepEqual(after.payload.metrics, before.payload.metrics)
  })

  test('a retried event is stored once, whenever it arrives', async ({ assert }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, { control: { subjects: 1, converters: 0 } })
    const event = {
      experimentId: experiment.id,
      eventType: experiment.primaryMetric.event,
      userContext: { userId: 'control-0' },
      idempotencyKey: 'order-1',
    }
    const [first] = await trackEvents([{ event }])
    await db.rawQuery(`UPDATE experiment_events SET received_at = received_at - interval '40 days'`)
    await maintainEventPartitions()
    const [retry] = await trackEvents([{ event }])
    assert.equal(first.status, 'accepted')
    assert.equal(retry.status, 'duplicate')
    const { rows } = await db.rawQuery('SELECT count(*)::int AS n FROM experiment_events')
    assert.equal(rows[0].n, 1)
  })

  test('the incremental fold and the deflection report read only the partitions of their range', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, { control: { subjects: 50, converters: 10 } })
    await installHelpCenterExperiment(SYSTEM_ACTOR)
    // Events of four months ago, in a partition of their own.
    await db.rawQuery(
      `UPDATE experiment_events SET received_at = received_at - interval '120 days' WHERE id % 2 = 0`
    )
    await maintainEventPartitions()
    const old = monthPartition(new Date(Date.now() - 120 * DAY))
    const current = monthPartition(new Date())
    await recomputeExperiment(experiment, { computedBy: 'test' })
    // A conversion since, for the next run to fold (the plan of an empty id range reads nothing).
    await db.rawQuery(
      `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, occurred_at, received_at)
       SELECT experiment_id, variant_id, subject_id, 'signup', now() - interval '1 minute', now() - interval '1 minute'
         FROM experiment_assignments WHERE experiment_id = ? LIMIT 1`,
      [experiment.id]
    )

    const fold = await statementsOf([BATCH_CONNECTION], () =>
      recomputeExperiment(experiment, { computedBy: 'test' })
    )
    const newEvents = fold.find((s) => s.sql.includes('e.received_at >='))
    assert.exists(newEvents, 'the incremental fold bounds the events it reads by arrival')
    const folded = await partitionsRead(newEvents!)
    assert.isTrue(folded.has(current))
    assert.isFalse(folded.has(old))

    const report = await statementsOf([db.primaryConnectionName], () => deflectionReport(28))
    const ranged = report.filter((s) => s.sql.includes('received_at >='))
    assert.isNotEmpty(ranged)
    for (const statement of ranged) {
      const read = await partitionsRead(statement)
      assert.isTrue(read.has(current), statement.sql)
      assert.isFalse(read.has(old), statement.sql)
    }
  })
})
