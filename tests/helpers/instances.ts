import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { buildForBenchmark } from '../../bench/support/production_server.js'
import { freePort } from '#tests/helpers/app_process'

let built: string | null = null

/** The production build (`node ace build`), made once per test run. */
export function productionBuild() {
  built ??= buildForBenchmark(app.makePath())
  return built
}

export interface Health {
  instanceId: string
  leader: boolean
}

/**
 * One instance of the production build (`node bin/server.js`, NODE_ENV=production) on a
 * loopback port, against the test database, as one of several behind a load balancer.
 * Stores are left to their production defaults: PostgreSQL, or Redis when REDIS_URL is given.
 */
export class Instance {
  output = ''
  #exited: Promise<unknown>

  private constructor(
    readonly id: string,
    readonly url: string,
    private child: ChildProcess
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk).slice(-20_000))
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    this.#exited = once(child, 'exit')
  }

  static async start(id: string, variables: Record<string, string> = {}) {
    const port = await freePort()
    const inherited = { ...process.env }
    // The test run's own choices (.env.test) are not what an instance in production gets.
    for (const key of ['SESSION_DRIVER', 'LIMITER_STORE', 'QUEUE_DRIVER', 'REDIS_URL']) {
      delete inherited[key]
    }
    const child = spawn(process.execPath, ['bin/server.js'], {
      cwd: productionBuild(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        // One key for the fleet: every instance reads the others' cookies.
        APP_KEY: env.get('APP_KEY').release(),
        DATABASE_URL: env.get('DATABASE_URL')!,
        LOG_LEVEL: 'warn',
        TRUSTED_PROXIES: '',
        QUEUE_WORK_IN_WEB: 'false',
        RESULTS_RECOMPUTE_INTERVAL: '0',
        INSTANCE_ID: id,
        ...variables,
      },
    })
    const instance = new Instance(id, `http://127.0.0.1:${port}`, child)
    const deadline = Date.now() + 60_000
    while (!(await instance.health().catch(() => null))) {
      if (instance.exited || Date.now() > deadline) {
        await instance.kill()
        throw new Error(`instance ${id} did not start:\n${instance.output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return instance
  }

  get exited() {
    return this.child.exitCode !== null || this.child.signalCode !== null
  }

  /** What `/health/ready` says (throws unless it answers 200). */
  async health(): Promise<Health> {
    const response = await fetch(`${this.url}/health/ready`)
    if (response.status !== 200) throw new Error(`/health/ready answered ${response.status}`)
    return (await response.json()) as Health
  }

  /** kill -9, as a crash or the OOM killer would: no shutdown hook runs. */
  async kill() {
    if (!this.exited) this.child.kill('SIGKILL')
    await this.#exited
  }
}

/**
 * An event stream opened on `instance` and subscribed to `channel`, as a browser's tab
 * does; `received()` resolves with the first message on it.
 */
export async function openEventStream(
  instance: Instance,
  cookie: string,
  csrfToken: string,
  channel: string
) {
  const uid = randomUUID()
  const abort = new AbortController()
  const stream = await fetch(`${instance.url}/__transmit/events?uid=${uid}`, {
    headers: { cookie },
    signal: abort.signal,
  })
  const subscribed = await fetch(`${instance.url}/__transmit/subscribe`, {
    method: 'POST',
    headers: { 'cookie': cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify({ uid, channel }),
  })
  if (subscribed.status !== 204 && subscribed.status !== 200) {
    throw new Error(`subscribing on ${instance.id} answered ${subscribed.status}`)
  }
  const reader = stream.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const messages: string[] = []
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      text += decoder.decode(value, { stream: true })
      const lines = text.split('\n')
      text = lines.pop()!
      for (const line of lines) if (line.startsWith('data:')) messages.push(line.slice(5))
    }
  })()
  return {
    /** Resolves with the first message on the channel that arrives after this call. */
    async next(timeoutMs: number, trigger: () => Promise<unknown>) {
      const seen = messages.length
      await trigger()
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = messages.slice(seen).find((message) => message.includes(channel))
        if (found) return JSON.parse(found) as { channel: string; payload: { reason: string } }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`no message on ${channel} reached ${instance.id} within ${timeoutMs} ms`)
    },
    close() {
      abort.abort()
      return reading
    },
  }
}

/** A Redis server of the test's own on a free loopback port, keeping nothing on disk. */
export async function startRedis() {
  const port = await freePort()
  const child = spawn(
    process.env.REDIS_SERVER_PATH ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' }
  )
  const exited = once(child, 'exit')
  const url = `redis://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('redis-server did not start')
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Whether a Redis server on the port answers PING. */
function answersPing(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.setTimeout(1000, () => socket.destroy())
    socket.once('data', (reply) => {
      resolve(reply.toString().startsWith('+PONG'))
      socket.destroy()
    })
    socket.once('close', () => resolve(false))
    socket.once('error', () => {})
  })
}
