import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'

/**
 * Two pools on the same PostgreSQL (DATABASE_URL is always set by the time this file loads:
 * either by the operator, or by start/env.ts pointing it at the embedded cluster):
 *
 * - `postgres`, the default, serves requests with a short statement limit, so a hung or
 *   overloaded database answers 503 within seconds instead of hanging every request. In
 *   ace commands (migrations, recomputes, digests, queue workers) it gets the batch limit.
 * - `batch` carries long legitimate work inside the web process too (the results timer's
 *   fold, VACUUM): the batch limit, none by default.
 *
 * Every limit is in docs/operations.md#timeouts.
 */
export const BATCH_CONNECTION = 'batch'

/**
 * The defaults (ms) put a 503 within 2 s of a hung database: a new connection gives up
 * after 1.5 s, a statement on an open one after 1.5 s + the client's 300 ms grace.
 */
export const DATABASE_TIMEOUT_DEFAULTS = {
  connect: 1500,
  acquire: 3000,
  statement: 1500,
  batchStatement: 0,
}
const connectTimeout = env.get('DATABASE_CONNECT_TIMEOUT') ?? DATABASE_TIMEOUT_DEFAULTS.connect
const acquireTimeout = env.get('DATABASE_ACQUIRE_TIMEOUT') ?? DATABASE_TIMEOUT_DEFAULTS.acquire
const requestStatementTimeout =
  env.get('DATABASE_STATEMENT_TIMEOUT') ?? DATABASE_TIMEOUT_DEFAULTS.statement
const batchStatementTimeout =
  env.get('DATABASE_BATCH_STATEMENT_TIMEOUT') ?? DATABASE_TIMEOUT_DEFAULTS.batchStatement
const servesRequests = ['web', 'test'].includes(app.getEnvironment())

/**
 * What the pg driver gets. PostgreSQL cancels a statement after `statement_timeout`; the
 * client gives up a little later (`query_timeout`) only when the server does not answer
 * at all (stopped, unreachable), which statement_timeout cannot catch.
 */
function driverTimeouts(statementTimeout: number) {
  return {
    connectionTimeoutMillis: connectTimeout,
    // Finds peers that vanished from the network (not a stopped server: its kernel answers).
    keepAlive: true,
    ...(statementTimeout > 0
      ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + 300 }
      : {}),
  }
}

/** For connections of their own that only run instant statements (locks, LISTEN). */
export const quickQueryTimeouts = driverTimeouts(requestStatementTimeout)

function postgres(
  statementTimeout: number,
  poolMax: number,
  url = env.get('DATABASE_URL')!,
  idleTimeoutMillis = 30_000
) {
  return {
    client: 'pg' as const,
    connection: {
      connectionString: url,
      ...driverTimeouts(statementTimeout),
    },
    pool: {
      min: 0,
      max: poolMax,
      idleTimeoutMillis,
      acquireTimeoutMillis: acquireTimeout,
      // A connection whose last query the client gave up on (query_timeout) is still waiting
      // for the server: the next request would wait behind it. The pool replaces it instead.
      validate: (connection: { readyForQuery?: boolean }) => connection.readyForQuery === true,
    },
  }
}

/**
 * The batch pool's connections outlive the gap between two rounds of the results timer
 * (RESULTS_RECOMPUTE_INTERVAL, 60 s by default; the pool's usual 30 s did not) and between
 * recomputes asked for over the API, so a fold runs on the connections of the last one. A
 * new PostgreSQL process pays a minor page fault for every page of shared buffers and of
 * fresh memory it first touches: at a million subjects, a large part of an incremental
 * fold's database CPU that a process which folded before does not pay again
 * (bench/README.md, results at scale).
 */
export const BATCH_IDLE_TIMEOUT_MS = Math.max(
  5 * 60_000,
  2 * 1000 * (env.get('RESULTS_RECOMPUTE_INTERVAL') ?? 60)
)

/**
 * One connection per streaming replica of DATABASE_REPLICA_URLS, named `replica_1`, … The
 * platform's read routing (`replicaOrPrimary`) picks one whose lag is within
 * REPLICA_MAX_LAG for the reads that may be that stale. Not Lucid's `replicas` option: it
 * spreads a pool's connections over the replicas when they open, so a lagging replica's
 * open connections would keep serving reads (docs/scaling.md#read-replica).
 */
export const REPLICA_CONNECTIONS = Object.fromEntries(
  (env.get('DATABASE_REPLICA_URLS') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
    .map((url, index) => [
      `replica_${index + 1}`,
      postgres(requestStatementTimeout, env.get('DATABASE_POOL_MAX') ?? 10, url),
    ])
)

const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: true,
  connections: {
    postgres: {
      ...postgres(
        servesRequests ? requestStatementTimeout : batchStatementTimeout,
        env.get('DATABASE_POOL_MAX') ?? 10
      ),
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
      seeders: {
        paths: ['database/seeders'],
      },
      schemaGeneration: {
        enabled: true,
        rulesPaths: ['./database/schema_rules.js'],
      },
      debug: false,
    },
    // One connection per fold part (app/services/results/aggregation.ts, FOLD_PARTS).
    [BATCH_CONNECTION]: postgres(
      batchStatementTimeout,
      2,
      env.get('DATABASE_URL')!,
      BATCH_IDLE_TIMEOUT_MS
    ),
    ...REPLICA_CONNECTIONS,
  },
})

export default dbConfig
