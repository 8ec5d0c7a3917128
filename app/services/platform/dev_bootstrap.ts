import type { ApplicationService } from '@adonisjs/core/types'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import User from '#models/user'
import { DEMO_ACCOUNTS } from '#database/demo_accounts'

/**
 * First-run experience of `npm run dev`: apply pending migrations, seed the demo data
 * once (when there are no users yet), and print how to sign in.
 */
export async function prepareDevelopmentDatabase(app: ApplicationService) {
  const logger = await app.container.make('logger')

  const migrator = new MigrationRunner(db, app, { direction: 'up', dryRun: false })
  await migrator.run()
  if (migrator.error) throw migrator.error
  const applied = Object.keys(migrator.migratedFiles).length
  if (applied > 0) logger.info(`applied ${applied} pending migration(s)`)

  const counted = await User.query().count('* as total').first()
  const firstRun = Number(counted?.$extras.total ?? 0) === 0
  if (firstRun) {
    logger.info('seeding demo data (first start)…')
    const { default: MainSeeder } = await import('#database/seeders/main_seeder')
    await new MainSeeder(db.connection()).run()
    // Results of the demo experiments, so the dashboards have numbers on the first visit.
    const { experimentsToRecompute, recomputeMany } =
      await import('#services/results/recompute_service')
    await recomputeMany(await experimentsToRecompute([], true), { computedBy: 'seed' })
  }

  const url = `http://${process.env.HOST}:${process.env.PORT}`
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(6)} ${a.email} / ${a.password}`)
  console.log(`\n  Sign in at ${url}/login with a demo account:\n${lines.join('\n')}\n`)
}
