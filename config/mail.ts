import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'
import OutboxTransport from '#mails/outbox_transport'

/** Provider transports read their key from one variable: only one mailer is active. */
const apiKey = () => env.get('MAIL_API_KEY')?.release() ?? ''

const smtpUser = env.get('SMTP_USERNAME')

const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER', 'outbox'),

  from: {
    address: env.get('MAIL_FROM_ADDRESS', env.get('SUPPORT_EMAIL', 'support@example.com')),
    name: env.get('MAIL_FROM_NAME', env.get('HELP_CENTER_NAME', 'Help Center')),
  },

  mailers: {
    /** Keeps every message in the database; admins read them on /admin/notifications/outbox. */
    outbox: () => new OutboxTransport(),

    smtp: transports.smtp({
      host: env.get('SMTP_HOST', 'localhost'),
      port: env.get('SMTP_PORT', 587),
      secure: env.get('SMTP_SECURE', false),
      // A dead server should fail the attempt quickly; the queue retries later.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...(smtpUser
        ? {
            auth: {
              type: 'login',
              user: smtpUser,
              pass: env.get('SMTP_PASSWORD')?.release() ?? '',
            },
          }
        : {}),
    }),

    ses: transports.ses({
      apiVersion: '2010-12-01',
      region: env.get('AWS_REGION', 'us-east-1'),
      credentials: {
        accessKeyId: env.get('AWS_ACCESS_KEY_ID', ''),
        secretAccessKey: env.get('AWS_SECRET_ACCESS_KEY')?.release() ?? '',
      },
    }),

    mailgun: transports.mailgun({
      key: apiKey(),
      baseUrl: 'https://api.mailgun.net/v3',
      domain: env.get('MAILGUN_DOMAIN', ''),
    }),

    sparkpost: transports.sparkpost({ key: apiKey(), baseUrl: 'https://api.sparkpost.com/api/v1' }),
    resend: transports.resend({ key: apiKey(), baseUrl: 'https://api.resend.com' }),
    brevo: transports.brevo({ key: apiKey(), baseUrl: 'https://api.brevo.com/v3' }),
    postmark: transports.postmark({ key: apiKey(), baseUrl: 'https://api.postmarkapp.com' }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
