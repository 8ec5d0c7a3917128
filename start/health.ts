import { HealthChecks } from '@adonisjs/core/health'
import { DbCheck } from '@adonisjs/lucid/database'
import db from '@adonisjs/lucid/services/db'

/** Readiness means "can serve requests": today that is "PostgreSQL answers". */
export const healthChecks = new HealthChecks().register([new DbCheck(db.connection())])
