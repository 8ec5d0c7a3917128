/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Validated at boot. Without DATABASE_URL (development and tests) an embedded
| PostgreSQL is started under tmp/ and DATABASE_URL is pointed at it before any
| config file reads it. Production refuses to start without DATABASE_URL.
|
*/
import { Env } from '@adonisjs/core/env'
import proxyAddr from 'proxy-addr'

/**
 * TRUSTED_PROXIES as a list of proxy-addr entries (addresses, CIDRs, `loopback`,
 * `linklocal`, `uniquelocal`); an entry proxy-addr cannot read stops the boot.
 */
function trustedProxies(key: string, value?: string) {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  try {
    if (entries.length > 0) proxyAddr.compile(entries)
  } catch (error) {
    throw new Error(
      `${key} must list addresses, CIDRs or loopback/linklocal/uniquelocal, comma separated (${(error as Error).message})`
    )
  }
  return entries
}

/** A duration in whole milliseconds (0 turns the limit off); unset: the caller's default. */
function milliseconds(key: string, value?: string) {
  if (value === undefined || value.trim() === '') return undefined
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0) {
    throw new Error(`${key} must be a whole number of milliseconds (0 or more), got "${value}"`)
  }
  return ms
}

/** redis://[user:password@]host[:port][/db] or rediss:// (TLS); empty: no Redis. */
function redisUrl(key: string, value?: string) {
  if (value === undefined || value.trim() === '') return undefined
  let url: URL | null = null
  try {
    url = new URL(value)
  } catch {}
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) {
    throw new Error(
      `${key} must look like redis://[user:password@]host[:port][/db], got "${value}"`
    )
  }
  return value
}

const env = await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  // Reverse proxies whose X-Forwarded-For is believed; empty: the peer is the client.
  TRUSTED_PROXIES: trustedProxies,

  // Several instances (docs/scaling.md): with REDIS_URL, live fan-out, rate limits, sessions
  // and the queue default to Redis; INSTANCE_ID names this instance in /health/ready.
  REDIS_URL: redisUrl,
  INSTANCE_ID: Env.schema.string.optional(),
  // Server-side sessions: database or redis (default: redis with REDIS_URL, else database).
  SESSION_DRIVER: Env.schema.enum.optional(['database', 'redis'] as const),
  LIMITER_STORE: Env.schema.enum.optional(['database', 'redis', 'memory'] as const),

  DATABASE_URL: Env.schema.string.optional(),
  DATABASE_POOL_MAX: Env.schema.number.optional(),
  // Timeouts (docs/operations.md#timeouts), so a hung database cannot hang the app.
  DATABASE_CONNECT_TIMEOUT: milliseconds,
  DATABASE_ACQUIRE_TIMEOUT: milliseconds,
  DATABASE_STATEMENT_TIMEOUT: milliseconds,
  DATABASE_BATCH_STATEMENT_TIMEOUT: milliseconds,
  READINESS_TIMEOUT: milliseconds,
  EMBEDDED_PG_PORT: Env.schema.number.optional(),

  CORS_ALLOWED_ORIGINS: Env.schema.string.optional(),
  RESULTS_RECOMPUTE_INTERVAL: Env.schema.number.optional(),
  HELP_CENTER_NAME: Env.schema.string.optional(),
  SUPPORT_EMAIL: Env.schema.string.optional({ format: 'email' }),
  TICKET_LINK_TTL_DAYS: Env.schema.number.optional(),
  // Inbound email: larger raw messages are quarantined unread.
  INBOUND_EMAIL_MAX_BYTES: Env.schema.number.optional(),
  // IMAP mailboxes without IDLE are polled every this many seconds (default 60).
  MAIL_FETCH_INTERVAL: Env.schema.number.optional(),
  // The nice value (0–19) of the queue worker and mail:fetch (default 10; 0 leaves it).
  WORKER_NICE: Env.schema.number.optional(),

  // Mail: `outbox` keeps every message inside the app (admin outbox page).
  MAIL_MAILER: Env.schema.enum.optional([
    'outbox',
    'smtp',
    'ses',
    'mailgun',
    'sparkpost',
    'resend',
    'brevo',
    'postmark',
  ] as const),
  MAIL_FROM_ADDRESS: Env.schema.string.optional({ format: 'email' }),
  MAIL_FROM_NAME: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
  MAIL_API_KEY: Env.schema.secret.optional(),
  MAILGUN_DOMAIN: Env.schema.string.optional(),
  AWS_REGION: Env.schema.string.optional(),
  AWS_ACCESS_KEY_ID: Env.schema.string.optional(),
  AWS_SECRET_ACCESS_KEY: Env.schema.secret.optional(),

  // Notification delivery (queue).
  QUEUE_DRIVER: Env.schema.enum.optional(['database', 'redis', 'sync'] as const),
  QUEUE_WORK_IN_WEB: Env.schema.boolean.optional(),
  NOTIFICATION_MAX_ATTEMPTS: Env.schema.number.optional(),
  NOTIFICATION_RETRY_DELAY: Env.schema.string.optional(),
  // Campaigns (docs/campaigns.md): the kill switch, rates, retries and attribution windows.
  CAMPAIGNS_PAUSED: Env.schema.boolean.optional(),
  CAMPAIGN_SMS_PER_SECOND: Env.schema.number.optional(),
  CAMPAIGN_EMAIL_PER_SECOND: Env.schema.number.optional(),
  CAMPAIGN_MAX_ATTEMPTS: Env.schema.number.optional(),
  CAMPAIGN_REPLY_WINDOW_HOURS: Env.schema.number.optional(),
  CAMPAIGN_CONVERSION_WINDOW_HOURS: Env.schema.number.optional(),
  CSAT_REQUEST_DELAY: Env.schema.string.optional(),
  STATUS_MAIL_DELAY: Env.schema.string.optional(),
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.secret.optional(),
  REFERRAL_LANDING_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  REFERRAL_ALLOWED_HOSTS: Env.schema.string.optional(),

  // SMS (docs/campaigns.md, "Contacts and SMS"): `outbox` keeps messages inside the app.
  SMS_TRANSPORT: Env.schema.enum.optional(['outbox', 'twilio', 'openphone'] as const),
  TWILIO_ACCOUNT_SID: Env.schema.string.optional(),
  TWILIO_AUTH_TOKEN: Env.schema.secret.optional(),
  TWILIO_FROM: Env.schema.string.optional(),
  // Tests point the twilio client at a loopback server.
  TWILIO_API_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  OPENPHONE_API_KEY: Env.schema.secret.optional(),
  OPENPHONE_FROM: Env.schema.string.optional(),
  OPENPHONE_API_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  OPENPHONE_WEBHOOK_SECRET: Env.schema.secret.optional(),

  // Ticket attachments (docs/operations.md): where they are kept, and the limits.
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  DRIVE_ROOT: Env.schema.string.optional(),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.secret.optional(),
  ATTACHMENT_MAX_MB: Env.schema.number.optional(),
  ATTACHMENT_MAX_COUNT: Env.schema.number.optional(),
})

if (!env.get('DATABASE_URL')) {
  if (env.get('NODE_ENV') === 'production') {
    throw new Error(
      'DATABASE_URL is required in production (for example postgres://user:pass@db:5432/app). ' +
        'The embedded PostgreSQL is for development and tests only.'
    )
  }
  const { default: app } = await import('@adonisjs/core/services/app')
  const { ensureEmbeddedPostgres } = await import('#database/embedded_postgres')
  const database = env.get('NODE_ENV') === 'test' ? 'app_test' : 'app_dev'
  const cluster = await ensureEmbeddedPostgres({
    dataDir: app.tmpPath('pg'),
    port: env.get('EMBEDDED_PG_PORT') ?? 54329,
    databases: [database],
  })
  env.set('DATABASE_URL', cluster.urlFor(database))
  // Registered first, so it runs last among the terminating hooks. The connection pools
  // are closed first, so the cluster only counts the clients of other processes.
  app.terminating(async () => {
    const db = await app.container.make('lucid.db')
    await db.manager.closeAll()
    await cluster.stop()
  })
}

export default env
