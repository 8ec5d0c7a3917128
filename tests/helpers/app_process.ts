import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

/** A port nobody listens on now (the OS picks it), for a child server of a test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The application in a process of its own, configured as in production (NODE_ENV,
 * sessions and limiter in the database, no queue work in the web process) against the
 * test database, so a test can kill it with SIGKILL as a crash or the OOM killer would.
 */
export class AppProcess {
  #child: ChildProcess
  #exited: Promise<unknown>
  output = ''

  private constructor(
    args: string[],
    variables: Record<string, string>,
    base: Record<string, string> = productionEnv()
  ) {
    this.#child = spawn(process.execPath, ['--import=@poppinss/ts-exec', ...args], {
      cwd: app.makePath(),
      env: { ...process.env, ...base, ...variables },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk).slice(-20_000))
    this.#child.stdout!.on('data', keep)
    this.#child.stderr!.on('data', keep)
    this.#exited = once(this.#child, 'exit')
  }

  /** `bin/server.ts` on `port`; resolves once it answers /health/ready. */
  static async server(port: number, variables: Record<string, string> = {}) {
    const server = new AppProcess(['bin/server.ts'], {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      ...variables,
    })
    await server.#waitUntil(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null)
      return response?.status === 200
    })
    return server
  }

  /**
   * `bin/server.ts` as the test run configures the app (its pages need Vite's dev server,
   * with the HMR socket on a free port), on `port`, once it answers /health/ready.
   */
  static async pagesServer(port: number, variables: Record<string, string> = {}) {
    const base = { HOST: '127.0.0.1', DEV_MODE: 'true', VITE_HMR_PORT: String(await freePort()) }
    const server = new AppProcess(['bin/server.ts'], { PORT: String(port), ...variables }, base)
    await server.#waitUntil(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null)
      return response?.status === 200
    })
    return server
  }

  /** `node ace queue:work --queue=notifications`, as production runs it. */
  static worker(variables: Record<string, string> = {}) {
    return new AppProcess(['ace.js', 'queue:work', '--queue=notifications'], variables)
  }

  /** `node ace <args>` as production runs it (e.g. migration:run --force); its exit code and output. */
  static async command(args: string[], variables: Record<string, string> = {}) {
    const command = new AppProcess(['ace.js', ...args], variables)
    const [code] = (await command.#exited) as [number | null]
    return { code, output: command.output }
  }

  get exited() {
    return this.#child.exitCode !== null || this.#child.signalCode !== null
  }

  /** kill -9: no shutdown hook runs, open connections just drop. */
  async kill() {
    if (!this.exited) this.#child.kill('SIGKILL')
    await this.#exited
  }

  async #waitUntil(ready: () => Promise<boolean>, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs
    while (!(await ready())) {
      if (this.exited || Date.now() > deadline) {
        await this.kill()
        throw new Error(`The app process did not start:\n${this.output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    APP_KEY: env.get('APP_KEY').release(),
    DATABASE_URL: env.get('DATABASE_URL')!,
    LOG_LEVEL: 'error',
    SESSION_DRIVER: 'database',
    LIMITER_STORE: 'database',
    QUEUE_WORK_IN_WEB: 'false',
    RESULTS_RECOMPUTE_INTERVAL: '0',
    TRUSTED_PROXIES: '',
  }
}
