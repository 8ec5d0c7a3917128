/**
 * Server-sent-event streams as transmit-client opens them, for the live-update benchmarks
 * (bench:sse on one server, bench:scale-out across two): open, subscribe, and time one
 * broadcast until every stream has it.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Agent, request, type ClientRequest } from 'node:http'
import type pg from 'pg'

/** Streams opened (and subscriptions posted) at once. */
const OPENING = 100
const agent = new Agent({ keepAlive: false, maxSockets: Infinity })

export interface Stream {
  uid: string
  /** Resolves with the ms from `since` until `reason` arrives on this stream. */
  arrival(reason: string, since: number): Promise<number>
  close(): void
}

/** `GET /__transmit/events` as transmit-client opens it; resolves on the first bytes. */
export function openStream(url: string) {
  const uid = randomUUID()
  return new Promise<Stream>((resolve, reject) => {
    let received = ''
    const waiting = new Map<string, (at: number) => void>()
    const outgoing: ClientRequest = request(
      `${url}/__transmit/events?uid=${uid}`,
      { agent, headers: { accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`events: ${response.statusCode}`))
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          const at = performance.now()
          received = (received + chunk).slice(-4096)
          for (const [reason, done] of waiting) {
            if (received.includes(reason)) {
              waiting.delete(reason)
              done(at)
            }
          }
        })
        resolve({
          uid,
          arrival: (reason, since) =>
            new Promise((done) => waiting.set(reason, (at) => done(at - since))),
          close: () => outgoing.destroy(),
        })
      }
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

export async function subscribe(
  url: string,
  cookie: string,
  csrf: string,
  uid: string,
  channel: string
) {
  const response = await fetch(`${url}/__transmit/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
    body: JSON.stringify({ uid, channel }),
  })
  if (response.status !== 204 && response.status !== 200) {
    throw new Error(`subscribe: ${response.status} ${await response.text()}`)
  }
}

/** The CSRF token of a signed-in page, as transmit-client sends it. */
export async function csrfTokenOf(url: string, cookie: string) {
  const page = await fetch(`${url}/tickets`, { headers: { cookie } }).then((r) => r.text())
  const csrf = page.match(/<meta name=["']csrf-token["'] content=["']([^"']+)["']/)?.[1]
  if (!csrf) throw new Error(`no CSRF token on ${url}/tickets`)
  return csrf
}

/** Runs `each` `total` times, OPENING at a time. */
export async function inBatches(total: number, each: () => Promise<void>) {
  for (let done = 0; done < total; done += OPENING) {
    await Promise.all(Array.from({ length: Math.min(OPENING, total - done) }, each))
  }
}

/**
 * One "this changed" message on `channel` through `pg_notify` (the path every live update
 * takes: PostgreSQL → each server's NOTIFY bridge → Transmit → its streams). Resolves with
 * the ms until each stream had it, ascending; streams without it after 10 s are left out.
 */
export async function timeBroadcast(streams: Stream[], db: pg.Client, channel: string) {
  const reason = `bench-${randomUUID()}`
  const started = performance.now()
  const arrivals = Promise.all(
    streams.map((stream) =>
      Promise.race([stream.arrival(reason, started), wait(10_000).then(() => null)])
    )
  )
  await db.query('SELECT pg_notify($1, $2)', ['app_live', JSON.stringify({ channel, reason })])
  const times = await arrivals
  return times.filter((ms) => ms !== null).sort((a, b) => a - b)
}

/** The delivery time at `share` (0–1) of ascending times, as "123 ms". */
export function atShare(delivered: number[], share: number) {
  const ms = delivered[Math.min(delivered.length - 1, Math.floor(share * delivered.length))]
  return ms === undefined ? '–' : `${ms.toFixed(0)} ms`
}

export function wait(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Both this process and the servers need a descriptor per stream. Raises the soft limit to
 * the hard one by starting the script again under `ulimit -n` when it is too low.
 */
export function raiseFileLimit(needed: number) {
  const soft = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim())
  if (!Number.isFinite(soft) || soft >= needed || process.env.BENCH_SSE_RAISED) return
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()
  if (hard !== 'unlimited' && Number(hard) < needed) {
    throw new Error(`open files are limited to ${hard}; ${needed} are needed (ulimit -Hn)`)
  }
  console.log(`  raising the open-files limit from ${soft} to ${hard}…`)
  execFileSync(
    'sh',
    [
      '-c',
      `ulimit -n ${hard} && exec "$0" "$@"`,
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_SSE_RAISED: '1' } }
  )
  process.exit(0)
}
