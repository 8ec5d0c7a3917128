/**
 * The two yardsticks bench:http measures the product against, in the same run: a bare
 * Node `http` server and a minimal AdonisJS v7 app (bench/minimal_adonis), each answering
 * `{"status":"ok"}` on `/`, in production mode.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'

const BARE_NODE = `
const body = '{"status":"ok"}'
require('node:http')
  .createServer((request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    })
    response.end(body)
  })
  .listen(Number(process.env.PORT), '127.0.0.1')
`

export interface Yardstick {
  url: string
  pid: number
  stop(): Promise<void>
}

async function started(child: ChildProcess, url: string): Promise<Yardstick> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false
    )
    if (ok) {
      return {
        url,
        pid: child.pid!,
        async stop() {
          child.kill('SIGTERM')
          if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
        },
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`${url} did not answer`)
}

export function startBareNode(port: number) {
  const child = spawn(process.execPath, ['-e', BARE_NODE], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  })
  return started(child, `http://127.0.0.1:${port}/`)
}

export function startMinimalAdonis(port: number) {
  const server = new URL('../minimal_adonis/bin/server.js', import.meta.url).pathname
  const child = spawn(process.execPath, [server], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_KEY: randomBytes(32).toString('base64url'),
    },
    stdio: ['ignore', 'ignore', process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore'],
  })
  return started(child, `http://127.0.0.1:${port}/`)
}
