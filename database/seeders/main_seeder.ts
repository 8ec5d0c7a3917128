import { BaseSeeder } from '@adonisjs/lucid/seeders'
import User from '#models/user'
import { DEMO_ACCOUNTS } from '#database/demo_accounts'

/**
 * Demo data for development (`npm run dev` runs it once, on an empty database;
 * `node ace db:seed` runs it on demand). Idempotent: existing rows are kept.
 */
export default class MainSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    for (const account of DEMO_ACCOUNTS) {
      await User.firstOrCreate({ email: account.email }, account)
    }
    const { default: ExperimentsSeeder } = await import('#database/seeders/experiments_seeder')
    await new ExperimentsSeeder(this.client).run()
    const { default: KnowledgeSeeder } = await import('#database/seeders/knowledge_seeder')
    await new KnowledgeSeeder(this.client).run()
    // Tickets refer to the agents above and to the published articles (deflections).
    const { default: SupportSeeder } = await import('#database/seeders/support_seeder')
    await new SupportSeeder(this.client).run()
    // Six weeks of the help-center deflection experiment (needs the articles and tickets).
    const { default: DeflectionSeeder } = await import('#database/seeders/deflection_seeder')
    await new DeflectionSeeder(this.client).run()
    // Referral loops over 90 days and an experiment that measures K-factor per variant.
    const { default: GrowthSeeder } = await import('#database/seeders/growth_seeder')
    await new GrowthSeeder(this.client).run()
    // A few emails about the newest tickets, delivered to the outbox on first start.
    const { default: NotificationsSeeder } = await import('#database/seeders/notifications_seeder')
    await new NotificationsSeeder(this.client).run()
  }
}
