import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import Notification from '#models/notification'
import { savePreferences } from '#services/notifications/preferences'
import { deliverNotification } from '#services/notifications/delivery'
import { recomputeExperiment } from '#services/results/recompute_service'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'

/** Runs `node ace …` as operators do, in a child process (NODE_ENV=test). */
function ace(args: string[], input?: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['ace.js', ...args],
      {
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
    child.stdin?.end(input ?? '')
  })
}

const clock = (ticket: { id: number }) =>
  db.from('ticket_sla').where('ticket_id', ticket.id).firstOrFail()

test.group('Operator commands', (group) => {
  group.each.setup(resetDatabase)

  test('users:create reads the password from standard input', async ({ assert }) => {
    const result = await ace(
      [
        'users:create',
        '--email=Ops@Example.com',
        '--name=Ops Person',
        '--role=admin',
        '--password-stdin',
      ],
      'an-operator-password\n'
    )
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.include(result.stdout, 'Created admin ops@example.com')
    const user = await User.verifyCredentials('ops@example.com', 'an-operator-password')
    assert.equal(user.role, 'admin')
  })

  test('users:create refuses bad input with field messages and exit code 1', async ({ assert }) => {
    const result = await ace(
      ['users:create', '--email=nope', '--name=Ops', '--role=owner', '--password-stdin'],
      'short\n'
    )
    assert.equal(result.code, 1)
    assert.include(result.stdout + result.stderr, 'email: Enter a valid email address')
    assert.include(result.stdout + result.stderr, 'role: The role must be one of: admin,agent')
    assert.include(
      result.stdout + result.stderr,
      'password: The password must have at least 10 characters'
    )
  })

  test('users:create without a terminal or --password-stdin explains itself', async ({
    assert,
  }) => {
    const result = await ace(['users:create', '--email=a@example.com', '--name=Ops'])
    assert.equal(result.code, 1)
    assert.include(result.stdout + result.stderr, '--password-stdin')
  })

  test('tokens:create prints only the token on its last line, and it works', async ({
    assert,
    client,
  }) => {
    await UserFactory.merge({ email: 'svc@example.com' }).create()
    const result = await ace([
      'tokens:create',
      '--email=svc@example.com',
      '--abilities=track,evaluate',
      '--name=Marketing site',
    ])
    assert.equal(result.code, 0, result.stdout + result.stderr)
    const lastLine = result.stdout.trimEnd().split('\n').at(-1)!
    assert.match(lastLine, /^hxk_[A-Za-z0-9._-]+$/)
    const me = await client.get('/api/me').bearerToken(lastLine)
    me.assertStatus(200)
    me.assertBodyContains({ token: { name: 'Marketing site', abilities: ['track', 'evaluate'] } })
  })

  test('tokens:create refuses unknown users and abilities', async ({ assert }) => {
    const unknown = await ace([
      'tokens:create',
      '--email=ghost@example.com',
      '--abilities=track',
      '--name=x1',
    ])
    assert.equal(unknown.code, 1)
    assert.include(unknown.stdout + unknown.stderr, 'No active user with email ghost@example.com')

    await UserFactory.merge({ email: 'svc@example.com' }).create()
    const badAbility = await ace([
      'tokens:create',
      '--email=svc@example.com',
      '--abilities=root',
      '--name=x1',
    ])
    assert.equal(badAbility.code, 1)
    assert.include(badAbility.stdout + badAbility.stderr, 'Unknown ability')
  })

  test('a TRUSTED_PROXIES entry that is no address or range stops the boot, named', async ({
    assert,
  }) => {
    const result = await ace(['migration:status'], '', {
      TRUSTED_PROXIES: 'loopback, 10.0.0.0/33',
    })
    assert.equal(result.code, 1)
    assert.include(result.stdout + result.stderr, 'TRUSTED_PROXIES must list addresses, CIDRs')
    const valid = await ace(['migration:status'], '', {
      TRUSTED_PROXIES: 'loopback, 10.0.0.0/8, fd00::/8',
    })
    assert.equal(valid.code, 0, valid.stdout + valid.stderr)
  })

  test('sla:backfill gives clocks to tickets from before the SLAs; a second run finds none', async ({
    assert,
  }) => {
    const old = await openTicket({ priority: 'high' })
    const fresh = await openTicket({ priority: 'urgent' })
    // As the tickets were before the SLA migration: no clocks, no outcomes.
    await db.from('ticket_sla_outcomes').where('ticket_id', old.id).delete()
    await db.from('ticket_sla').where('ticket_id', old.id).delete()
    const untouched = await clock(fresh)

    const first = await ace(['sla:backfill'])
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.include(first.stdout, 'SLA clocks for 1 ticket(s).')
    const backfilled = await clock(old)
    assert.isNotNull(backfilled.first_response_due_at)
    const outcomes = await db.from('ticket_sla_outcomes').where('ticket_id', old.id)
    assert.isAbove(outcomes.length, 0)
    assert.deepEqual(await clock(fresh), untouched)

    const again = await ace(['sla:backfill'])
    assert.include(again.stdout, 'Every ticket has its SLA clocks.')
  }).timeout(90_000)

  test('notifications:digest bundles held mail once and says what it did', async ({ assert }) => {
    await savePreferences('daily@example.com', { frequency: 'daily' })
    await openTicket({ email: 'daily@example.com' })
    const [held] = await Notification.all()
    await deliverNotification(held.id)

    const first = await ace(['notifications:digest', '--frequency=daily'])
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.include(first.stdout, 'daily@example.com: 1 notification(s) in one digest')
    assert.include(first.stdout, '1 digest(s) queued, bundling 1 notification(s)')
    const digests = await Notification.query().where('type', 'digest')
    assert.lengthOf(digests, 1)

    const again = await ace(['notifications:digest', '--frequency=daily'])
    assert.equal(again.code, 0)
    assert.include(again.stdout, 'Nothing to send')
    const wrong = await ace(['notifications:digest', '--frequency=hourly'])
    assert.equal(wrong.code, 1)
  })

  test('notifications:digest sends admins who chose it a summary of the running experiments, once', async ({
    assert,
  }) => {
    await UserFactory.merge({ email: 'lead@example.com' }).apply('admin').create()
    await UserFactory.merge({ email: 'weekly@example.com' }).apply('admin').create()
    await UserFactory.merge({ email: 'other@example.com' }).apply('admin').create()
    await savePreferences('lead@example.com', { experimentDigest: 'daily' })
    await savePreferences('weekly@example.com', { experimentDigest: 'weekly' })
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    await seedResults(experiment, {
      control: { subjects: 2000, converters: 200 },
      treatment: { subjects: 2000, converters: 320 },
    })
    await recomputeExperiment(experiment, { computedBy: 'test' })
    await runningExperiment({ key: 'pricing-page', name: 'Pricing page' })

    const first = await ace(['notifications:digest', '--frequency=daily'])
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.include(first.stdout, 'lead@example.com: 2 running experiment(s) in one digest')
    const digests = await Notification.query().where('type', 'experiment_digest')
    assert.deepEqual(
      digests.map((d) => d.recipient),
      ['lead@example.com']
    )
    const [digest] = digests
    assert.equal(digest.subject, '2 running experiments: your daily summary')
    assert.include(
      digest.body,
      '- Homepage CTA: Treatment converts 60.0% better than control (95% CI'
    )
    assert.include(digest.body, 'Check: Suspicious uplift.')
    assert.include(digest.body, '- Pricing page: No results computed yet.')

    const again = await ace(['notifications:digest', '--frequency=daily'])
    assert.notInclude(again.stdout, 'running experiment(s) in one digest')
    assert.lengthOf(await Notification.query().where('type', 'experiment_digest'), 1)
  })
})
