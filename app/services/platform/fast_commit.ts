import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Runs a write whose loss in a database-server crash is acceptable (counters, logs) in a
 * transaction with `synchronous_commit = off`: the request does not wait for the
 * write-ahead log to be flushed to disk (up to three WAL-writer rounds, about 0.6 s, can be
 * lost in a crash; nothing is ever corrupted).
 */
export async function withoutDurableCommit<T>(
  write: (trx: TransactionClientContract) => Promise<T>
): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.rawQuery('SET LOCAL synchronous_commit = off')
    return write(trx)
  })
}
