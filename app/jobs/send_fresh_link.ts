import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { sendFreshLink } from '#services/support'

/**
 * "Email me a fresh link", off the request path: the request queues every asked-for pair
 * alike, and only this job learns whether the ticket exists. It runs on the notifications
 * queue, whose workers already run wherever mail goes out.
 */
export default class SendFreshLink extends Job<{ number: number; email: string }> {
  static options: JobOptions = {
    name: 'SendFreshLink',
    queue: 'notifications',
    maxRetries: 3,
    // The payload holds an email address: keep no finished job.
    removeOnComplete: true,
    removeOnFail: true,
  }

  async execute() {
    await sendFreshLink(this.payload.number, this.payload.email)
  }
}
