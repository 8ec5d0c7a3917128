import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import env from '#start/env'

/**
 * A real SMTP server on loopback (the npm `smtp-server` package), on SMTP_PORT of
 * .env.test: the app's SMTP transport talks to it exactly as to a production server.
 * `refuse` makes it reject messages with a permanent error, as a strict server would;
 * `beforeReply` runs once a message is received, before the server answers 250.
 */
export class TestSmtpServer {
  messages: ParsedMail[] = []
  refuse = false
  beforeReply?: (message: ParsedMail) => void | Promise<void>
  #server = new SMTPServer({
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

  start() {
    return new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(env.get('SMTP_PORT'), '127.0.0.1', () => {
        // A client killed mid-conversation resets its connection: not the server's failure.
        this.#server.on('error', () => {})
        resolve()
      })
    })
  }

  stop() {
    return new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
