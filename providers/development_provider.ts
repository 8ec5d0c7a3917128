import type { ApplicationService } from '@adonisjs/core/types'

/**
 * The first-run experience of `npm run dev` (web process, development only): apply
 * pending migrations, seed the demo data once (when there are no users yet) with results
 * for its experiments, and print how to sign in.
 */
export default class DevelopmentProvider {
  constructor(protected app: ApplicationService) {}

  async start() {
    // Codegen boots the app in "warmup" mode: no database work then.
    if (this.app.getMode() !== 'run' || !this.app.inDev) return
    const logger = await this.app.container.make('logger')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const { DEMO_ACCOUNTS } = await import('#database/demo_accounts')

    const migrating = performance.now()
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error
    const applied = Object.keys(migrator.migratedFiles).length
    if (applied > 0) {
      const seconds = ((performance.now() - migrating) / 1000).toFixed(1)
      logger.info(`applied ${applied} pending migration(s) in ${seconds} s`)
    }

    const { userCount } = await import('#services/accounts')
    if ((await userCount()) === 0) {
      logger.info('seeding demo data (first start)…')
      let started = performance.now()
      const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
      // Providers start before preloads: the domain event listeners must hear the seed.
      await import('#start/events')
      const { default: MainSeeder } = await import('#database/seeders/main_seeder')
      // The seed writes thousands of rows per statement: on a busy machine one can take
      // longer than the request limit (DATABASE_STATEMENT_TIMEOUT), which cancelled it. It
      // runs on the batch connection instead; no request is served before providers start.
      const { BATCH_CONNECTION } = await import('#config/database')
      const primary = db.primaryConnectionName
      db.primaryConnectionName = BATCH_CONNECTION
      try {
        await new MainSeeder(db.connection()).run()
      } finally {
        db.primaryConnectionName = primary
      }
      logger.info(`seeded the demo data in ${took()}`)
      started = performance.now()
      // Results of the demo experiments, so the dashboards have numbers on the first visit.
      const { experimentsToRecompute, recomputeMany } = await import('#services/results')
      await recomputeMany(await experimentsToRecompute([], true), { computedBy: 'seed' })
      logger.info(`computed the demo experiments' results in ${took()}`)
    }

    const url = `http://${process.env.HOST}:${process.env.PORT}`
    const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(6)} ${a.email} / ${a.password}`)
    console.log(`\n  Sign in at ${url}/login with a demo account:\n${lines.join('\n')}\n`)
  }
}
