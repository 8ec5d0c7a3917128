import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import { generateGrowthDemo } from '#database/demo_growth'
import {
  changeExperimentStatus,
  createExperiment,
  definitions,
  forgetDefinitions,
  getExperiment,
} from '#services/experiments'
import { SYSTEM_ACTOR } from '#services/accounts'
import { evaluateAssignment } from '#evaluation/evaluator'
import { K_FACTOR_METRIC } from '#services/growth'

const CHUNK = 2000
const EXPERIMENT_DAYS = 45

/**
 * Demo referral data (database/demo_growth.ts) inserted through the rollup triggers, and a
 * running experiment that measures K-factor per variant over the same users.
 */
export default class GrowthSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    if (await db.from('referral_links').first()) return
    const { subjects, links } = generateGrowthDemo()

    for (let offset = 0; offset < links.length; offset += CHUNK) {
      const chunk = links.slice(offset, offset + CHUNK)
      const column = <T>(pick: (link: (typeof chunk)[number]) => T) => chunk.map(pick)
      await db.rawQuery(
        `INSERT INTO referral_links (token, referrer_id, source_loop, invitee_email, sent_at,
                                     clicked_at, signed_up_at, invitee_id, first_value_at)
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                              ?::timestamptz[], ?::timestamptz[], ?::text[], ?::timestamptz[])`,
        [
          column((l) => l.token),
          column((l) => l.referrerId),
          column((l) => l.loop),
          column((l) => l.inviteeEmail),
          column((l) => l.sentAt.toISOString()),
          column((l) => l.clickedAt?.toISOString() ?? null),
          column((l) => l.signedUpAt?.toISOString() ?? null),
          column((l) => l.inviteeId),
          column((l) => l.firstValueAt?.toISOString() ?? null),
        ]
      )
    }
    for (let offset = 0; offset < subjects.length; offset += CHUNK) {
      const chunk = subjects.slice(offset, offset + CHUNK)
      await db.rawQuery(
        `INSERT INTO growth_subjects (subject_id, signed_up_at, referred_by, referral_link_id)
         SELECT s.id, s.at, s.referrer, l.id
           FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[]) AS s(id, at, referrer, token)
           LEFT JOIN referral_links l ON l.token = s.token`,
        [
          chunk.map((s) => s.id),
          chunk.map((s) => s.signedUpAt.toISOString()),
          chunk.map((s) => s.referredBy),
          chunk.map((s) => s.token),
        ]
      )
    }
    await this.experiment(subjects)
  }

  /** "Invite prompt after a lesson": every user is assigned; K-factor is its metric. */
  private async experiment(subjects: { id: string; signedUpAt: Date }[]) {
    const created = await createExperiment(
      {
        key: 'invite-prompt-after-lesson',
        name: 'Invite prompt after a lesson',
        hypothesis: 'Asking for a buddy right after a good lesson raises the K-factor.',
        tags: ['growth', 'referrals'],
        variants: [
          { key: 'control', name: 'No prompt', weight: 0.5, isControl: true, config: {} },
          { key: 'prompt', name: 'Prompt after lesson', weight: 0.5, config: { prompt: true } },
        ],
        primaryMetric: { event: K_FACTOR_METRIC, kind: 'count', name: 'K-factor' },
      },
      SYSTEM_ACTOR
    )
    await changeExperimentStatus(await getExperiment(created.id), 'start', SYSTEM_ACTOR)
    const started = new Date(Date.now() - EXPERIMENT_DAYS * 86_400_000)
    await db.from('experiments').where('id', created.id).update({ started_at: started })

    forgetDefinitions()
    const all = await definitions()
    const experiment = all.experimentsById.get(created.id)!
    const rows = subjects.flatMap((subject) => {
      const outcome = evaluateAssignment(
        experiment,
        { userId: subject.id, teamId: null, visitorId: null, attributes: {} },
        all.segments
      )
      if (outcome.outcome !== 'assigned') return []
      const at = new Date(Math.max(started.getTime(), subject.signedUpAt.getTime()))
      return [{ variantId: outcome.variant.id, subjectId: subject.id, bucket: outcome.bucket, at }]
    })
    for (let offset = 0; offset < rows.length; offset += CHUNK) {
      const chunk = rows.slice(offset, offset + CHUNK)
      await db.rawQuery(
        `INSERT INTO experiment_assignments
           (experiment_id, variant_id, subject_id, bucket, how, assigned_at, first_exposed_at)
         SELECT ?, v, s, b, 'deterministic', t, t
           FROM unnest(?::int[], ?::text[], ?::float8[], ?::timestamptz[]) AS a(v, s, b, t)`,
        [
          created.id,
          chunk.map((r) => r.variantId),
          chunk.map((r) => r.subjectId),
          chunk.map((r) => r.bucket),
          chunk.map((r) => r.at.toISOString()),
        ]
      )
    }
  }
}
