import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { decideDueTests, sweepCampaignSending } from '#services/campaigns'

/**
 * Every minute (providers/app_provider.ts): interrupted sends are failed (never sent
 * twice), senders with due work are woken, and test-then-winner campaigns whose wait is
 * over get their winner (or their fallback) sent to the rest.
 */
export default class SweepCampaigns extends Job<Record<string, never>> {
  static options: JobOptions = { name: 'SweepCampaigns', queue: 'notifications' }

  async execute() {
    await sweepCampaignSending()
    await decideDueTests()
  }
}
