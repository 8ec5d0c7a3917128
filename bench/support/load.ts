/**
 * Load generators for the HTTP benchmarks. wrk (a C program: little CPU taken from the
 * server on a 2-core machine) when it is installed, autocannon (npm) otherwise.
 */
import { execFile, execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

export interface LoadResult {
  tool: 'wrk' | 'autocannon'
  requestsPerSecond: number
  p50Ms: number
  /** wrk: the 95th percentile; autocannon (no p95): the 97.5th. */
  p95Ms: number
  p99Ms: number
  errors: number
  total: number
}

export interface LoadSpec {
  url: string
  seconds: number
  connections: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** A JSON body with `%N%` replaced by a unique `<thread>-<n>` per request (thread from 1). */
  bodyTemplate?: string
  /** Request these paths (and query strings) of `url`'s origin in turn instead of `url`. */
  paths?: string[]
  /**
   * Run wrk with one thread pinned to this CPU (`taskset`), so that the load generator
   * takes one core at most from the servers it measures.
   */
  pinToCore?: number
}

const installed = (command: string) => {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' })
    return true
  } catch (error: any) {
    // wrk --version exits 1 but exists; ENOENT means it is not installed.
    return error.code !== 'ENOENT'
  }
}

export function hasWrk() {
  return installed('wrk')
}

/** The command line that runs wrk with these arguments (pinned to a core when asked and possible). */
function wrkCommand(spec: LoadSpec, args: string[]): [string, string[]] {
  if (spec.pinToCore === undefined || !installed('taskset')) return ['wrk', ['-t2', ...args]]
  return ['taskset', ['-c', String(spec.pinToCore), 'wrk', '-t1', ...args]]
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return hasWrk() ? runWrk(spec) : runAutocannon(spec)
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  let next = 0
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    requests: spec.paths
      ? [
          {
            setupRequest: (request) => ({
              ...request,
              path: spec.paths![next++ % spec.paths!.length],
            }),
          },
        ]
      : spec.bodyTemplate
        ? [
            {
              setupRequest: (request) => ({
                ...request,
                // The same numbering as the wrk script's first thread.
                body: spec.bodyTemplate!.replaceAll('%N%', `1-${++next}`),
              }),
            },
          ]
        : undefined,
  })
  return {
    tool: 'autocannon',
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p95Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  }
}

function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'))
  const script = join(dir, 'request.lua')
  const headers = Object.entries(spec.headers ?? {})
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join('\n')
  const [before, after] = (spec.bodyTemplate ?? '').split('%N%')
  const paths = spec.paths
    ? `local paths = { ${spec.paths.map((path) => JSON.stringify(path)).join(', ')} }`
    : ''
  writeFileSync(
    script,
    `wrk.method = ${JSON.stringify(spec.method ?? 'GET')}
${headers}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local counter = 0
${paths}
function request()
  ${
    spec.paths
      ? `counter = counter + 1
  return wrk.format(nil, paths[((id * 7919 + counter) % #paths) + 1])`
      : spec.bodyTemplate
        ? `counter = counter + 1
  return wrk.format(nil, nil, nil, ${JSON.stringify(before)} .. id .. "-" .. counter .. ${JSON.stringify(after ?? '')})`
        : 'return wrk.format()'
  }
end
local errors = 0
function response(status) if status >= 300 then errors = errors + 1 end end
function done(summary, latency, requests)
  io.write(string.format("NON2XX %d\\n", errors))
  io.write(string.format("P95US %d\\n", latency:percentile(95)))
end
`
  )
  return new Promise((resolve, reject) => {
    const [command, args] = wrkCommand(spec, [
      `-c${spec.connections}`,
      `-d${spec.seconds}s`,
      '--latency',
      '-s',
      script,
      spec.url,
    ])
    execFile(command, args, { maxBuffer: 10 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error)
      const number = (pattern: RegExp) => Number(stdout.match(pattern)?.[1] ?? Number.NaN)
      const ms = (pattern: RegExp) => {
        const match = stdout.match(pattern)
        if (!match) return Number.NaN
        const value = Number(match[1])
        return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value
      }
      resolve({
        tool: 'wrk',
        requestsPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
        p50Ms: ms(/50%\s+([\d.]+)(us|ms|s)/),
        p95Ms: number(/P95US (\d+)/) / 1000,
        p99Ms: ms(/99%\s+([\d.]+)(us|ms|s)/),
        errors: (number(/Socket errors:.*?(\d+)/) || 0) + number(/NON2XX (\d+)/),
        total: number(/(\d+) requests in/),
      })
    })
  })
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc). */
export function cpuMillis(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces): utime and stime are 14th, 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
}

/**
 * CPU time used so far by the PostgreSQL backends connected to `database` (children of the
 * postmaster whose title names it), in milliseconds: the statements' own cost, without
 * autovacuum, checkpoints or the WAL writer, which run when they will and blur a
 * comparison. A backend that exits takes its time along: measure over a span in which the
 * pools keep their connections.
 */
export function backendsCpuMillis(postmasterPid: number, database: string) {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) !== postmasterPid) continue
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split(' ')
      if (title[0] === 'postgres:' && title[2] === database) total += cpuMillis(Number(entry))
    } catch {
      // The process ended meanwhile.
    }
  }
  return total
}

/** Clock ticks per second of /proc times (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS = 100
