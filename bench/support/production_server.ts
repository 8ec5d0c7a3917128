import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Benchmarks measure what production runs: the compiled build (`node ace build`) started
 * with `node bin/server.js`, not the TypeScript sources through a loader (whose hooks cost
 * 20–30 % of a request's Node CPU; bench/README.md). Built afresh for every run, so the
 * numbers are those of the code as it is now.
 */
export function buildForBenchmark(root: string) {
  const build = join(root, 'build')
  // BENCH_REUSE_BUILD=1: a benchmark run right after another of the same code.
  if (process.env.BENCH_REUSE_BUILD && existsSync(join(build, 'bin/server.js'))) {
    console.log('  reusing build/ (BENCH_REUSE_BUILD)')
  } else {
    console.log('  building the app (node ace build, about a minute)…')
    execFileSync(process.execPath, ['ace.js', 'build'], { cwd: root, stdio: 'ignore' })
  }
  // The build's dependencies are the project's own (production would `npm ci --omit=dev`).
  if (!existsSync(join(build, 'node_modules'))) {
    symlinkSync('../node_modules', join(build, 'node_modules'))
  }
  return build
}

/** `node bin/server.js` in the build, with the benchmark's environment. */
export function startBuiltServer(build: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []) {
  return spawn(process.execPath, [...nodeFlags, 'bin/server.js'], {
    cwd: build,
    env,
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore',
      process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore',
    ],
  })
}

/** Resolves when the server answers `/health/live` (within 30 s). */
export async function waitUntilServing(url: string) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const up = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false
    )
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('the server did not start (BENCH_SERVER_LOG=1 shows its output)')
}

export function freePort() {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** The production environment of a benchmark server on loopback. */
export function benchServerEnv(databaseUrl: string, port: number) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '20',
    APP_KEY: randomBytes(32).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    SESSION_DRIVER: 'database',
    LIMITER_STORE: 'memory',
    // Benchmarks run recomputes themselves; the server's timer would compete with them.
    RESULTS_RECOMPUTE_INTERVAL: '0',
  }
}

/** `node ace.js …` in the project with that environment; resolves with its output. */
export function aceWith(root: string, env: NodeJS.ProcessEnv) {
  return (args: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        ['ace.js', ...args],
        { cwd: root, env },
        (error, stdout, stderr) => (error ? reject(new Error(stdout + stderr)) : resolve(stdout))
      )
      child.stdin?.end(input ?? '')
    })
}
