import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { sendDueMessages } from '#services/campaigns'

/**
 * Sends one channel's due campaign messages for up to a minute, then queues itself again
 * for the next due message. The message rows are the source of truth (claimed, retried
 * with backoff, failed after CAMPAIGN_MAX_ATTEMPTS), so the job itself never retries.
 */
export default class SendCampaignMessages extends Job<{ channel: 'sms' | 'email' }> {
  static options: JobOptions = {
    name: 'SendCampaignMessages',
    queue: 'notifications',
    maxRetries: 0,
    removeOnComplete: true,
    removeOnFail: true,
  }

  async execute() {
    await sendDueMessages(this.payload.channel)
  }
}
