import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'

/**
 * A real IMAP server for the tests: Debian's dovecot (`dovecot-imapd`, installed by
 * .ci/run), started on a free loopback port with a temporary configuration and mail store
 * (Maildir), plain-text login without TLS, one user per `addUser`. `stop` ends it and
 * removes the store. Options: `idle: false` leaves IDLE out of the capabilities (clients
 * must poll); `tls: true` also listens with implicit TLS on `tlsPort`, with a self-signed
 * certificate for 127.0.0.1 made by openssl (`certificatePath`, to trust it).
 */
export const DOVECOT_BINARY = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot'

export function hasDovecot() {
  return existsSync(DOVECOT_BINARY)
}

export class TestImapServer {
  port = 0
  tlsPort = 0
  #dir = ''
  #process?: ChildProcess
  #users = new Map<string, string>()

  constructor(private options: { idle?: boolean; tls?: boolean } = {}) {}

  get certificatePath() {
    return join(this.#dir, 'cert.pem')
  }

  async start() {
    this.port = await freePort()
    this.#dir = mkdtempSync(join(tmpdir(), 'beacon-dovecot-'))
    chmodSync(this.#dir, 0o755)
    for (const sub of ['run', 'state', 'mail']) mkdirSync(join(this.#dir, sub))
    // Dovecot refuses to deliver mail as root: the store belongs to Debian's `mail` user then.
    const mailUser = process.getuid?.() === 0 ? { uid: 8, gid: 8, name: 'mail' } : undefined
    const me = userInfo()
    if (mailUser) chownSync(join(this.#dir, 'mail'), mailUser.uid, mailUser.gid)
    writeFileSync(join(this.#dir, 'passwd'), '')
    if (this.options.tls) {
      this.tlsPort = await freePort()
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(this.#dir, 'key.pem'),
          '-out',
          this.certificatePath,
        ],
        { stdio: 'ignore' }
      )
    }
    writeFileSync(
      join(this.#dir, 'dovecot.conf'),
      [
        'protocols = imap',
        'listen = 127.0.0.1',
        `base_dir = ${this.#dir}/run`,
        `state_dir = ${this.#dir}/state`,
        `log_path = ${this.#dir}/dovecot.log`,
        ...(this.options.tls
          ? ['ssl = yes', `ssl_cert = <${this.certificatePath}`, `ssl_key = <${this.#dir}/key.pem`]
          : ['ssl = no']),
        // Without IDLE: the dovecot 2.3 default list, IDLE left out.
        ...(this.options.idle === false
          ? [
              'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ ' +
                'SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT ' +
                'MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS ' +
                'LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN ' +
                'CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW ' +
                'STATUS=SIZE SAVEDATE SPECIAL-USE',
            ]
          : []),
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        // A wrong password is answered at once (the default waits 2 s against guessing).
        'auth_failure_delay = 0',
        `mail_location = maildir:${this.#dir}/mail/%u`,
        `first_valid_uid = ${mailUser?.uid ?? me.uid}`,
        ...(mailUser
          ? []
          : [`default_internal_user = ${me.username}`, `default_login_user = ${me.username}`]),
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${this.#dir}/passwd\n}`,
        `userdb {\n  driver = static\n  args = uid=${mailUser?.uid ?? me.uid} gid=${mailUser?.gid ?? me.gid} home=${this.#dir}/mail/%u\n}`,
        `service imap-login {\n  inet_listener imap {\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = ${this.tlsPort}\n    ssl = yes\n  }\n}`,
        'service anvil {\n  chroot =\n}',
        'service imap-login {\n  chroot =\n}',
        'protocol imap {\n  mail_max_userip_connections = 100\n}',
        '',
      ].join('\n')
    )
    await this.#run()
  }

  async #run() {
    this.#process = spawn(DOVECOT_BINARY, ['-F', '-c', join(this.#dir, 'dovecot.conf')], {
      stdio: 'ignore',
    })
    await waitForPort(this.port)
  }

  /** Stops the server (every connection drops) and starts it again, mail kept. */
  async restart() {
    await this.#end()
    await this.#run()
  }

  /** A mail user (its mailbox is created on first login). */
  addUser(user: string, password: string) {
    this.#users.set(user, password)
    const lines = [...this.#users].map(([name, secret]) => `${name}:{PLAIN}${secret}\n`)
    writeFileSync(join(this.#dir, 'passwd'), lines.join(''))
  }

  /** A client logged in as the user, for the test to append, list and read. */
  async client(user: string, password: string) {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    })
    await client.connect()
    return client
  }

  async stop() {
    await this.#end()
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true })
  }

  async #end() {
    const child = this.#process
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    }
  }

  /** The server's log, for a failing test's message. */
  log() {
    try {
      return execFileSync('cat', [join(this.#dir, 'dovecot.log')]).toString()
    } catch {
      return ''
    }
  }
}

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitForPort(port: number) {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`dovecot did not listen on 127.0.0.1:${port} within 15 s`)
}
