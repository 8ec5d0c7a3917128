import BaseQueueProvider from '@adonisjs/queue/queue_provider'

/**
 * @adonisjs/queue's provider connects its adapter (a database pool) at boot. Codegen boots
 * the app in "warmup" mode and never terminates it, so that pool kept `node ace codegen`
 * from exiting: skip the queue entirely in warmup.
 */
export default class QueueProvider extends BaseQueueProvider {
  async boot() {
    if (this.app.getMode() === 'warmup') return
    await super.boot()
  }

  async start() {
    if (this.app.getMode() === 'warmup') return
    await super.start()
  }

  async shutdown() {
    if (this.app.getMode() === 'warmup') return
    await super.shutdown()
  }
}
