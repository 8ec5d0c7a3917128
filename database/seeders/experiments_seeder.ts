import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Experiment from '#models/experiment'
import Segment from '#models/segment'
import {
  changeExperimentStatus,
  createExperiment,
  createFlag,
  definitions,
  forgetDefinitions,
  HELP_CENTER_EXPERIMENT,
  getExperiment,
  type ExperimentInput,
  type VariantInput,
} from '#services/experiments'
import { SYSTEM_ACTOR } from '#services/accounts'
import { evaluateAssignment } from '#evaluation/evaluator'
import { seededRandom } from '#database/seeded_random'

interface DemoExperiment {
  input: ExperimentInput & { key: string; name: string; variants: VariantInput[] }
  status: 'draft' | 'running' | 'paused' | 'completed'
  subjects: number
  /** Conversion rate of the primary metric per variant key. */
  rates: Record<string, number>
  daysAgo: number
  pauseReason?: string
  winner?: { key: string; reason: string }
}

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN', 'JP', 'CA']
const USER_TYPES = ['creator', 'investor', 'viewer']

const DEMO: DemoExperiment[] = [
  {
    input: {
      key: 'checkout-button-copy',
      name: 'Checkout button copy',
      hypothesis:
        '"Complete purchase" converts better than "Buy now" because it sets expectations.',
      description: 'Tests the label of the primary checkout button.',
      tags: ['checkout', 'copy'],
      variants: [
        {
          key: 'control',
          name: 'Buy now',
          weight: 0.5,
          isControl: true,
          config: { buttonText: 'Buy now' },
        },
        {
          key: 'complete',
          name: 'Complete purchase',
          weight: 0.5,
          config: { buttonText: 'Complete purchase' },
        },
      ],
      primaryMetric: { event: 'purchase', kind: 'conversion' },
      secondaryMetrics: [{ event: 'purchase', kind: 'sum', name: 'Revenue' }],
      guardrailMetrics: [{ event: 'refund_requested', kind: 'conversion', higherIsBetter: false }],
      minimumSampleSize: 8000,
    },
    status: 'running',
    subjects: 14000,
    rates: { control: 0.1, complete: 0.112 },
    daysAgo: 12,
  },
  {
    input: {
      key: 'onboarding-checklist',
      name: 'Onboarding checklist',
      hypothesis: 'A checklist on the first screen raises activation within 7 days.',
      tags: ['onboarding', 'activation'],
      unit: 'user',
      variants: [
        { key: 'control', name: 'No checklist', weight: 0.34, isControl: true, config: {} },
        { key: 'checklist', name: 'Checklist', weight: 0.33, config: { checklist: 'full' } },
        {
          key: 'checklist_short',
          name: 'Short checklist',
          weight: 0.33,
          config: { checklist: 'short' },
        },
      ],
      targeting: { attribute: 'userType', op: 'in', value: ['creator', 'investor'] },
      primaryMetric: { event: 'activated', kind: 'conversion' },
      analysisMethod: 'bayesian',
      minimumSampleSize: 9000,
    },
    status: 'running',
    subjects: 15000,
    rates: { control: 0.3, checklist: 0.33, checklist_short: 0.315 },
    daysAgo: 9,
  },
  {
    input: {
      key: 'pricing-page-layout',
      name: 'Pricing page layout',
      hypothesis: 'Annual plans first increases annual subscriptions.',
      tags: ['pricing'],
      variants: [
        {
          key: 'control',
          name: 'Monthly first',
          weight: 0.5,
          isControl: true,
          config: { order: 'monthly' },
        },
        { key: 'annual_first', name: 'Annual first', weight: 0.5, config: { order: 'annual' } },
      ],
      trafficAllocation: 0.5,
      primaryMetric: { event: 'subscribed_annual', kind: 'conversion' },
      analysisMethod: 'sequential',
    },
    status: 'paused',
    subjects: 4000,
    rates: { control: 0.05, annual_first: 0.052 },
    daysAgo: 20,
    pauseReason: 'The annual plan price was wrong on the new layout; paused until it is fixed.',
  },
  {
    input: {
      key: 'search-ranking-v2',
      name: 'Search ranking v2',
      hypothesis: 'Recency-weighted ranking increases clicks on the first result.',
      tags: ['search'],
      variants: [
        {
          key: 'control',
          name: 'Current ranking',
          weight: 0.5,
          isControl: true,
          config: { ranking: 'v1' },
        },
        { key: 'v2', name: 'Recency weighted', weight: 0.5, config: { ranking: 'v2' } },
      ],
      primaryMetric: { event: 'search_result_click', kind: 'conversion' },
    },
    status: 'completed',
    subjects: 9000,
    rates: { control: 0.4, v2: 0.44 },
    daysAgo: 40,
    winner: {
      key: 'v2',
      reason: 'Significant +10% click-through after the planned sample; no guardrail harm.',
    },
  },
  {
    input: {
      key: 'login-headline',
      name: 'Login page headline',
      hypothesis: '"Welcome back" feels friendlier and does not hurt sign-in completion.',
      tags: ['login', 'copy'],
      unit: 'visitor',
      variants: [
        { key: 'control', name: 'Sign in', weight: 0.5, isControl: true, config: {} },
        { key: 'welcome', name: 'Welcome back', weight: 0.5, config: {} },
      ],
      primaryMetric: { event: 'signed_in', kind: 'conversion' },
    },
    status: 'running',
    subjects: 3000,
    rates: { control: 0.6, welcome: 0.61 },
    daysAgo: 5,
  },
  {
    input: {
      key: 'referral-banner',
      name: 'Referral banner on the dashboard',
      hypothesis: 'A banner inviting teammates increases invites sent.',
      tags: ['growth', 'referrals'],
      variants: [
        { key: 'control', name: 'No banner', weight: 0.5, isControl: true, config: {} },
        { key: 'banner', name: 'Banner', weight: 0.5, config: { banner: true } },
      ],
      primaryMetric: { event: 'invite_sent', kind: 'count' },
    },
    status: 'draft',
    subjects: 0,
    rates: {},
    daysAgo: 1,
  },
]

/**
 * Demo experiments in every status with realistic assignments (hashed exactly as the
 * assignment service would), exposures and events; segments and feature flags.
 */
export default class ExperimentsSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    // The built-in help-center experiment comes with the migrations: it is not demo data.
    if (await Experiment.query().whereNot('key', HELP_CENTER_EXPERIMENT).first()) return

    await Segment.createMany([
      {
        key: 'creators',
        name: 'Creators',
        description: 'userType is creator',
        rule: { attribute: 'userType', op: 'in', value: ['creator'] },
      },
      {
        key: 'investors',
        name: 'Investors',
        description: 'userType is investor',
        rule: { attribute: 'userType', op: 'in', value: ['investor'] },
      },
      {
        key: 'eu',
        name: 'EU customers',
        description: 'country in the EU',
        rule: { attribute: 'country', op: 'in', value: ['DE', 'FR', 'ES', 'IT', 'NL'] },
      },
    ])

    for (const [index, demo] of DEMO.entries()) {
      const created = await createExperiment(demo.input, SYSTEM_ACTOR)
      let experiment = await getExperiment(created.id)
      if (demo.status !== 'draft')
        experiment = await changeExperimentStatus(experiment, 'start', SYSTEM_ACTOR)
      await this.fillData(experiment.id, demo, index + 1)
      if (demo.status === 'paused')
        await changeExperimentStatus(experiment, 'pause', SYSTEM_ACTOR, {
          reason: demo.pauseReason,
        })
      if (demo.status === 'completed') {
        await changeExperimentStatus(
          await getExperiment(experiment.id),
          'complete',
          SYSTEM_ACTOR,
          demo.winner
        )
      }
      const startedAt = DateTime.now().minus({ days: demo.daysAgo })
      await db
        .from('experiments')
        .where('id', experiment.id)
        .update({
          started_at: demo.status === 'draft' ? null : startedAt.toJSDate(),
          created_at: startedAt.minus({ days: 2 }).toJSDate(),
        })
    }

    await createFlag(
      {
        key: 'new_dashboard_layout',
        name: 'New dashboard layout',
        type: 'boolean',
        enabled: true,
        defaultValue: false,
        rules: [
          { targeting: { segment: 'creators' }, rollout: 100, value: true },
          { rollout: 25, value: true },
        ],
      },
      SYSTEM_ACTOR
    )
    await createFlag(
      {
        key: 'checkout_button_text',
        name: 'Checkout button text',
        type: 'string',
        enabled: true,
        defaultValue: 'Buy now',
        experimentKey: 'checkout-button-copy',
        experimentConfigKey: 'buttonText',
      },
      SYSTEM_ACTOR
    )
    await createFlag(
      {
        key: 'max_upload_mb',
        name: 'Maximum upload size (MB)',
        type: 'number',
        enabled: true,
        defaultValue: 25,
        rules: [
          { targeting: { attribute: 'plan', op: 'eq', value: 'pro' }, rollout: 100, value: 250 },
        ],
      },
      SYSTEM_ACTOR
    )
    await createFlag(
      {
        key: 'support_widget_theme',
        name: 'Support widget theme',
        type: 'json',
        enabled: false,
        defaultValue: { color: '#3b5bdb', position: 'right' },
      },
      SYSTEM_ACTOR
    )
  }

  /** Assignments, exposures and events over the days the experiment has run. */
  private async fillData(experimentId: number, demo: DemoExperiment, seed: number) {
    if (demo.subjects === 0) return
    forgetDefinitions()
    const all = await definitions()
    const experiment = all.experimentsById.get(experimentId)!
    const random = seededRandom(seed)
    const assignments: {
      variantId: number
      subjectId: string
      bucket: number
      at: Date
      exposedAt: Date | null
    }[] = []
    const events: {
      variantId: number
      subjectId: string
      name: string
      value: number | null
      at: Date
    }[] = []
    const start = Date.now() - demo.daysAgo * 86_400_000

    for (let i = 0; i < demo.subjects * 1.3 && assignments.length < demo.subjects; i++) {
      const id = experiment.unit === 'visitor' ? `v-${seed}-${i}` : String(100_000 * seed + i)
      const subject = {
        userId: id,
        teamId: null,
        visitorId: id,
        attributes: {
          userType: USER_TYPES[i % 3],
          country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
        },
      }
      const outcome = evaluateAssignment(
        { ...experiment, status: 'running' },
        subject,
        all.segments
      )
      if (outcome.outcome !== 'assigned') continue
      const at = new Date(start + random() * (Date.now() - start) * 0.95)
      const exposed = random() < 0.92
      const exposedAt = exposed ? new Date(at.getTime() + random() * 60_000) : null
      assignments.push({
        variantId: outcome.variant.id,
        subjectId: id,
        bucket: outcome.bucket,
        at,
        exposedAt,
      })
      if (!exposedAt) continue
      const rate = demo.rates[outcome.variant.key] ?? 0
      if (random() < rate) {
        const when = new Date(
          Math.min(Date.now() - 1000, exposedAt.getTime() + random() * 3 * 86_400_000)
        )
        const value =
          demo.input.primaryMetric!.event === 'purchase'
            ? Math.round((20 + random() * 120) * 100) / 100
            : null
        events.push({
          variantId: outcome.variant.id,
          subjectId: id,
          name: demo.input.primaryMetric!.event!,
          value,
          at: when,
        })
      }
      if (random() < 0.5) {
        events.push({
          variantId: outcome.variant.id,
          subjectId: id,
          name: 'page_view',
          value: null,
          at: exposedAt,
        })
      }
      if (random() < 0.01) {
        events.push({
          variantId: outcome.variant.id,
          subjectId: id,
          name: 'refund_requested',
          value: null,
          at: exposedAt,
        })
      }
    }

    for (let offset = 0; offset < assignments.length; offset += 5000) {
      const chunk = assignments.slice(offset, offset + 5000)
      await db.rawQuery(
        `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, bucket, how, assigned_at, first_exposed_at)
         SELECT ?, * FROM unnest(?::int[], ?::text[], ?::float8[], ?::text[], ?::timestamptz[], ?::timestamptz[])`,
        [
          experimentId,
          chunk.map((a) => a.variantId),
          chunk.map((a) => a.subjectId),
          chunk.map((a) => a.bucket),
          chunk.map(() => 'deterministic'),
          chunk.map((a) => a.at.toISOString()),
          chunk.map((a) => a.exposedAt?.toISOString() ?? null),
        ]
      )
    }
    for (let offset = 0; offset < events.length; offset += 5000) {
      const chunk = events.slice(offset, offset + 5000)
      await db.rawQuery(
        `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, value, occurred_at, received_at)
         SELECT ?, v, s, n, val, t, t FROM unnest(?::int[], ?::text[], ?::text[], ?::float8[], ?::timestamptz[]) AS e(v, s, n, val, t)`,
        [
          experimentId,
          chunk.map((e) => e.variantId),
          chunk.map((e) => e.subjectId),
          chunk.map((e) => e.name),
          chunk.map((e) => e.value),
          chunk.map((e) => e.at.toISOString()),
        ]
      )
    }
  }
}
