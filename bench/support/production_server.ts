import { execFileSync, spawn } from 'node:child_process'
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Benchmarks measure what production runs: the compiled build (`node ace build`) started
 * with `node bin/server.js`, not the TypeScript sources through a loader (whose hooks cost
 * 20–30 % of a request's Node CPU; bench/README.md). Built afresh for every run, so the
 * numbers are those of the code as it is now.
 */
export function buildForBenchmark(root: string) {
  console.log('  building the app (node ace build, about a minute)…')
  execFileSync(process.execPath, ['ace.js', 'build'], { cwd: root, stdio: 'ignore' })
  const build = join(root, 'build')
  // The build's dependencies are the project's own (production would `npm ci --omit=dev`).
  if (!existsSync(join(build, 'node_modules'))) {
    symlinkSync('../node_modules', join(build, 'node_modules'))
  }
  return build
}

/** `node bin/server.js` in the build, with the benchmark's environment. */
export function startBuiltServer(build: string, env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['bin/server.js'], {
    cwd: build,
    env,
    stdio: ['ignore', 'ignore', process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore'],
  })
}
