import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'

test.group('Database statement limits', () => {
  test('requests are limited (5 s by default); long work on the batch pool is not', async ({
    assert,
  }) => {
    const limitOf = async (connection: string) => {
      const { rows } = await db.connection(connection).rawQuery('SHOW statement_timeout')
      return rows[0].statement_timeout
    }
    assert.equal(await limitOf('postgres'), '5s')
    assert.equal(await limitOf(BATCH_CONNECTION), '0')
  })
})
