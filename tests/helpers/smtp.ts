import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { Group } from '@japa/runner/core'
import env from '#start/env'
import { resetDatabase } from '#tests/helpers/database'

/**
 * A real SMTP server on loopback (the npm `smtp-server` package), on SMTP_PORT of
 * .env.test: the app's SMTP transport talks to it exactly as to a production server.
 * `refuse` makes it reject messages with a permanent error, as a strict server would;
 * `beforeReply` runs once a message is received, before the server answers 250.
 * It can be started again after a stop (a server that was down comes back).
 */
export class TestSmtpServer {
  messages: ParsedMail[] = []
  refuse = false
  beforeReply?: (message: ParsedMail) => void | Promise<void>
  #server?: SMTPServer

  #create() {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', async () => {
          if (this.refuse) {
            const error = Object.assign(new Error('Message rejected by policy'), {
              responseCode: 554,
            })
            return callback(error)
          }
          const message = await simpleParser(Buffer.concat(chunks))
          this.messages.push(message)
          await this.beforeReply?.(message)
          callback()
        })
      },
    })
  }

  start() {
    const server = (this.#server = this.#create())
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(env.get('SMTP_PORT'), '127.0.0.1', () => {
        // A client killed mid-conversation resets its connection: not the server's failure.
        server.on('error', () => {})
        resolve()
      })
    })
  }

  stop() {
    const server = this.#server
    this.#server = undefined
    return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  }
}

/**
 * Mail of one test goes out over real SMTP: the app's mailer switched to `smtp` and a
 * server started; both undone by the test's `cleanup`.
 */
export async function smtpForTest(cleanup: (undo: () => Promise<void>) => void) {
  const smtp = new TestSmtpServer()
  env.set('MAIL_MAILER', 'smtp')
  cleanup(async () => {
    env.set('MAIL_MAILER', 'outbox')
    await smtp.stop()
  })
  await smtp.start()
  return smtp
}

/**
 * The same for every test of a group, each on a fresh database with a fresh server (its
 * messages, `refuse` and `beforeReply` forgotten). `started: false` leaves starting the
 * server to the tests (to see mail wait while it is down).
 */
export function smtpForEachTest(group: Group, { started = true } = {}) {
  const smtp = new TestSmtpServer()
  group.each.setup(async () => {
    await resetDatabase()
    env.set('MAIL_MAILER', 'smtp')
    Object.assign(smtp, { messages: [], refuse: false, beforeReply: undefined })
    if (started) await smtp.start()
    return async () => {
      env.set('MAIL_MAILER', 'outbox')
      await smtp.stop()
    }
  })
  return smtp
}
