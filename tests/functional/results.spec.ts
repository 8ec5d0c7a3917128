import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { findExperimentOrFail } from '#services/experiments/experiment_service'
import { recomputeExperiment } from '#services/results/recompute_service'
import { UserFactory } from '#database/factories/user_factory'

function ace(args: string[]) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      ['ace.js', ...args],
      {
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr })
    )
  })
}

const CLEAR_WIN = {
  control: { subjects: 2000, converters: 200 },
  treatment: { subjects: 2000, converters: 300 },
}

test.group('Results / experiments:recompute', (group) => {
  group.each.setup(resetDatabase)

  test('reports progress per experiment, writes a snapshot, and a second run folds nothing new', async ({
    assert,
  }) => {
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    await seedResults(experiment, CLEAR_WIN)
    const first = await ace(['experiments:recompute'])
    assert.equal(first.code, 0, first.output)
    assert.match(
      first.output,
      /homepage-cta: 500 events folded, 4000 subjects added in \d+ ms — Treatment converts 50\.0% better than control/
    )
    assert.include(first.output, 'Done: 1 ok, 0 failed.')
    const snapshots = await db.from('experiment_results').where('experiment_id', experiment.id)
    assert.lengthOf(snapshots, 1)
    assert.equal(snapshots[0].computed_by, 'command')

    const second = await ace(['experiments:recompute', 'homepage-cta'])
    assert.match(second.output, /homepage-cta: 0 events folded, 0 subjects added/)
  })

  test('--dry-run writes nothing; unknown keys and failures exit 1', async ({ assert }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, CLEAR_WIN)
    const dry = await ace(['experiments:recompute', '--dry-run'])
    assert.equal(dry.code, 0, dry.output)
    assert.include(dry.output, 'dry run: nothing written')
    assert.lengthOf(await db.from('experiment_results'), 0)
    assert.lengthOf(await db.from('experiment_exposed_subjects'), 0)

    const unknown = await ace(['experiments:recompute', 'no-such-experiment'])
    assert.equal(unknown.code, 1)
    assert.include(unknown.output, 'No experiment "no-such-experiment"')
  })

  test('a second run while one holds the lock says so and exits 0', async ({ assert }) => {
    await runningExperiment()
    const holder = new pg.Client({ connectionString: env.get('DATABASE_URL') })
    await holder.connect()
    await holder.query('SELECT pg_advisory_lock(7240312)')
    try {
      const blocked = await ace(['experiments:recompute'])
      assert.equal(blocked.code, 0)
      assert.include(blocked.output, 'Another recompute is running; nothing to do.')
    } finally {
      await holder.end()
    }
  })

  test('--full rebuilds to the same numbers', async ({ assert }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, CLEAR_WIN)
    await ace(['experiments:recompute'])
    const full = await ace(['experiments:recompute', '--all', '--full'])
    assert.include(full.output, 'homepage-cta: 500 events folded, 4000 subjects added')
    assert.match(full.output, /Vacuumed and analyzed the rebuilt statistics in \d+ ms\./)
    const [a, b] = await db.from('experiment_results').orderBy('id')
    assert.deepEqual(a.payload.metrics, b.payload.metrics)
    assert.isTrue(b.full)
  })

  test('after a crash empties the folded statistics, the next run rebuilds the same numbers', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, CLEAR_WIN)
    await ace(['experiments:recompute'])
    // Unlogged tables: crash recovery leaves them empty, the watermarks included.
    const folded = [
      'experiment_aggregation_state',
      'experiment_exposed_subjects',
      'experiment_metric_totals',
      'experiment_daily_counts',
    ]
    const { rows } = await db.rawQuery(
      'SELECT relname, relpersistence FROM pg_class WHERE relname = ANY(?)',
      [folded]
    )
    assert.deepEqual(
      Object.fromEntries(
        rows.map((row: Record<string, string>) => [row.relname, row.relpersistence])
      ),
      Object.fromEntries(folded.map((table) => [table, 'u']))
    )
    await db.rawQuery(`TRUNCATE ${folded.join(', ')}`)

    const again = await ace(['experiments:recompute'])
    assert.include(again.output, 'homepage-cta: 500 events folded, 4000 subjects added')
    const [before, after] = await db.from('experiment_results').orderBy('id')
    assert.deepEqual(before.payload.metrics, after.payload.metrics)
    assert.deepEqual(before.payload.daily, after.payload.daily)
  })

  test('a failing experiment is recorded and shown; the others are still computed; exit code 1', async ({
    assert,
    client,
  }) => {
    const broken = await runningExperiment({ key: 'broken-one' })
    const fine = await runningExperiment({ key: 'fine-one' })
    await seedResults(fine, CLEAR_WIN)
    // A primary metric without an event name cannot be aggregated.
    await db.rawQuery(`UPDATE experiments SET primary_metric = '{}'::jsonb WHERE id = ?`, [
      broken.id,
    ])
    const run = await ace(['experiments:recompute'])
    assert.equal(run.code, 1, run.output)
    assert.match(run.output, /broken-one: failed after \d+ ms/)
    assert.match(run.output, /fine-one: 500 events folded/)
    assert.include(run.output, 'Done: 1 ok, 1 failed.')

    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/results/${broken.id}`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'The last recompute failed')
    const other = await client.get(`/experiments/results/${fine.id}`).loginAs(admin)
    assert.include(other.text(), 'Treatment converts 50.0% better than control')
  })
})

test.group('Results / API, CSV and winners', (group) => {
  group.each.setup(resetDatabase)

  test('GET /api/experiments/{id}/results has the Pitchey shape plus the analysis', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    const empty = await client.get(`/api/experiments/${experiment.id}/results`).bearerToken(token)
    assert.equal(empty.body().data.status, 'no_results')

    await seedResults(experiment, CLEAR_WIN)
    await recomputeExperiment(experiment, { computedBy: 'test' })
    const response = await client
      .get(`/api/experiments/${experiment.key}/results`)
      .bearerToken(token)
    response.assertStatus(200)
    const data = response.body().data
    assert.containsSubset(data, {
      experimentId: experiment.id,
      status: 'significant',
      totalParticipants: 4000,
      variantSampleSizes: { control: 2000, treatment: 2000 },
      conversionRates: { control: 0.1, treatment: 0.15 },
      isStatisticallySignificant: true,
      winningVariant: 'treatment',
      liftPercentage: '50.0',
      confidenceLevel: '0.95',
      method: 'frequentist',
    })
    assert.isBelow(Number(data.pValue), 0.001)
    assert.match(data.pValue, /^[\d.e-]+$/)
    assert.isFalse(data.srm.detected)
    assert.match(data.recommendation, /Treatment converts 50\.0% better than control/)
    assert.lengthOf(data.metrics, 1)
  })

  test('CSV exports of the results and the daily series', async ({ client, assert }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, CLEAR_WIN)
    const report = await recomputeExperiment(experiment, { computedBy: 'test' })
    assert.equal(report.status, 'ok', report.error)
    const admin = await UserFactory.apply('admin').create()
    const csv = await client
      .get(`/experiments/results/${experiment.id}/export/results`)
      .loginAs(admin)
    csv.assertStatus(200)
    csv.assertHeader('content-type', 'text/csv; charset=utf-8')
    const lines = csv.text().trim().split('\r\n')
    assert.match(
      lines[0],
      /^metric_role,metric_event,metric_kind,variant,is_control,subjects,conversions_or_mean/
    )
    assert.lengthOf(lines, 3)
    assert.match(lines[2], /^primary,signup,conversion,treatment,false,2000,0\.15,/)
    const daily = await client
      .get(`/experiments/results/${experiment.id}/export/daily`)
      .loginAs(admin)
    assert.match(daily.text(), /^day,variant,new_subjects/)
    const agent = await UserFactory.create()
    const refused = await client
      .get(`/experiments/results/${experiment.id}/export/results`)
      .loginAs(agent)
    refused.assertStatus(403)
  })

  test('auto winner completes the experiment only when every condition holds, and audits the numbers', async ({
    assert,
  }) => {
    const guarded = await runningExperiment({
      key: 'guarded',
      autoWinner: true,
      guardrailMetrics: [{ event: 'refund', kind: 'conversion', higherIsBetter: false }],
    })
    await seedResults(guarded, CLEAR_WIN)
    await seedResults(guarded, { treatment: { subjects: 0, converters: 0 } })
    // Refunds: the treatment harms the guardrail.
    const refunders = await db
      .from('experiment_assignments')
      .where('experiment_id', guarded.id)
      .select('subject_id', 'variant_id')
    const treatmentId = guarded.variants.find((v) => v.key === 'treatment')!.id
    const bad = [
      ...refunders.filter((r) => r.variant_id === treatmentId).slice(0, 200),
      ...refunders.filter((r) => r.variant_id !== treatmentId).slice(0, 20),
    ]
    await db.table('experiment_events').multiInsert(
      bad.map((r) => ({
        experiment_id: guarded.id,
        variant_id: r.variant_id,
        subject_id: r.subject_id,
        event_name: 'refund',
        occurred_at: new Date(Date.now() - 3_000_000),
        received_at: new Date(Date.now() - 3_000_000),
      }))
    )
    await recomputeExperiment(await findExperimentOrFail(guarded.id), { computedBy: 'test' })

    const stillRunning = await findExperimentOrFail(guarded.id)
    assert.equal(stillRunning.status, 'running', 'a harmed guardrail blocks the winner')

    const clean = await runningExperiment({
      key: 'clean',
      autoWinner: true,
      minimumSampleSize: 1000,
    })
    await seedResults(clean, CLEAR_WIN)
    const report = await recomputeExperiment(await findExperimentOrFail(clean.id), {
      computedBy: 'test',
    })
    assert.equal(report.autoWinner, 'treatment')
    const done = await findExperimentOrFail(clean.id)
    assert.equal(done.status, 'completed')
    assert.equal(done.winnerDecision, 'automatic')
    assert.match(done.winnerReason!, /^Automatic: .*p = .*relative lift 50\.0 %.*4000 subjects/)

    const notEnough = await runningExperiment({
      key: 'not-enough',
      autoWinner: true,
      minimumSampleSize: 100_000,
    })
    await seedResults(notEnough, CLEAR_WIN)
    await recomputeExperiment(await findExperimentOrFail(notEnough.id), { computedBy: 'test' })
    const waiting = await findExperimentOrFail(notEnough.id)
    assert.equal(waiting.status, 'running', 'the minimum sample is not reached')
  })

  test('a manual winner needs a reason and is shown as manual', async ({ client, assert }) => {
    const experiment = await runningExperiment()
    const admin = await UserFactory.apply('admin').create()
    const refused = await client
      .post(`/experiments/${experiment.id}/complete`)
      .form({ winner: 'treatment' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', `/experiments/${experiment.id}`)
      .redirects(0)
    refused.assertFlashMessage('inputErrorsBag', { reason: ['Say why this variant wins'] })
    await client
      .post(`/experiments/${experiment.id}/complete`)
      .form({ winner: 'treatment', reason: 'Override: the product team decided' })
      .loginAs(admin)
      .withCsrfToken()
    const done = await findExperimentOrFail(experiment.id)
    assert.equal(done.winnerDecision, 'manual')
    const page = await client.get(`/experiments/${experiment.id}`).loginAs(admin)
    assert.include(page.text(), 'Winner: Treatment')
    assert.include(page.text(), '(manual)')
  })
})

test.group('Results / daily lift', (group) => {
  group.each.setup(resetDatabase)

  test('a CUPED conversion metric’s daily lift is adjusted: its last day is the table’s estimate, and the chart says so', async ({
    client,
    assert,
  }) => {
    const experiment = await runningExperiment({
      primaryMetric: { event: 'signup', kind: 'conversion', cupedDays: 14 },
      minimumSampleSize: 100,
    })
    // 400 subjects per variant exposed at noon (UTC) on each of the four days before today, so
    // that their sign-ups six hours later fall on the same day whatever the time of the run;
    // those who signed up in the week before their exposure (more of them in treatment) sign
    // up again more often after it.
    for (const [v, variant] of experiment.variants.entries()) {
      await db.rawQuery(
        `WITH s AS (
           SELECT i, ? || '-' || i AS subject,
                  date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                    - (1 + i % 4) * interval '1 day' + interval '12 hours' AS exposed,
                  i % (3 - ?) = 0 AS pre
             FROM generate_series(0, 399) AS i
         ), a AS (
           INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how, assigned_at, first_exposed_at)
           SELECT ?, ?, subject, 'deterministic', exposed - interval '1 hour', exposed FROM s
         )
         INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, occurred_at, received_at)
         SELECT ?, ?, subject, 'signup', at, now() - interval '1 minute'
           FROM s CROSS JOIN LATERAL (VALUES (exposed - interval '2 days', pre),
                  (exposed + interval '6 hours', (pre AND i % 2 = 0) OR i % 5 = 0 OR (? AND i % 7 = 0))) AS e (at, happened)
          WHERE happened`,
        [variant.key, v, experiment.id, variant.id, experiment.id, variant.id, v === 1]
      )
    }
    const report = await recomputeExperiment(experiment, { computedBy: 'test' })
    assert.equal(report.status, 'ok', report.error)
    const { payload } = await db.from('experiment_results').orderBy('id', 'desc').firstOrFail()

    const table = payload.metrics[0].analysis.variants[1].comparison
    assert.equal(payload.metrics[0].analysis.model, 'cuped')
    assert.isTrue(payload.daily.cuped)
    assert.lengthOf(payload.daily.days, 4)
    const last = payload.daily.lift[0].points.at(-1)
    assert.deepEqual(
      [last.lift, last.lower, last.upper],
      [table.relativeLift, table.relativeLiftCi.lower, table.relativeLiftCi.upper]
    )
    // Not the unadjusted lift of the same counts: the treatment had more prior sign-ups.
    const [control, treatment] = payload.daily.variants
    const rate = (v: typeof control) => v.conversions.at(-1) / v.exposed.at(-1)
    assert.isBelow(last.lift, rate(treatment) / rate(control) - 1 - 0.01)

    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    page.assertTextIncludes('CUPED-adjusted relative lift of Treatment vs control over time')
    page.assertTextIncludes('Treatment vs control (CUPED-adjusted)')
  })
})
