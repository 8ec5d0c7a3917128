import { spawn } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

/**
 * The real web server (bin/server.ts) in a child process of its own, on a free port, with
 * `env` on top of the test run's environment: for what the in-process test server cannot
 * show, such as the app against a database that hangs.
 */
export interface AppServer {
  url: string
  /** Output so far, for failure messages. */
  output(): string
  stop(): Promise<void>
}

async function freePort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort()
  // Pages need Vite's dev server (as in the test run), with its HMR socket on a free port.
  const vite = { DEV_MODE: 'true', VITE_HMR_PORT: String(await freePort()) }
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: root,
    env: { ...process.env, ...vite, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }

  const started = Date.now()
  while (true) {
    if (child.exitCode !== null) throw new Error(`The app server exited:\n${output}`)
    const live = await fetch(`${url}/health/live`).catch(() => null)
    if (live?.ok) break
    if (Date.now() - started > 60_000) {
      await stop()
      throw new Error(`The app server did not start within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, output: () => output, stop }
}
