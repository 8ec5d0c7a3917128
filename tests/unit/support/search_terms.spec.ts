import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { requiredLexemes, tsqueryText } from '#services/support/search_terms'

test.group('Ticket search / words every match contains', () => {
  test('{query} requires {required}')
    .with([
      { query: `'password'`, required: ['password'] },
      { query: `'slack' & 'channel'`, required: ['slack', 'channel'] },
      { query: `'blank' <-> 'page'`, required: ['blank', 'page'] },
      { query: `'wi-fi' <-> 'wi' <-> 'fi'`, required: ['wi-fi', 'wi', 'fi'] },
      { query: `'refund' & !'vat'`, required: ['refund'] },
      { query: `!'vat'`, required: [] },
      { query: `'b'`, required: ['b'] },
      // An `or` anywhere outside parentheses: no single word is in every match.
      { query: `'x' | 'y' & 'z'`, required: [] },
      { query: `'foo' <-> 'bar' | 'baz' & !'qux'`, required: [] },
      // Groups are left to the full-text index; the words beside them still count.
      { query: `( 'x' | 'y' ) & 'z'`, required: ['z'] },
      { query: `!( 'x' & 'y' ) & 'z'`, required: ['z'] },
      { query: `'it''s' & 'ok'`, required: ["it's", 'ok'] },
      { query: `'pass':* & 'word'`, required: ['word'] },
      { query: `'pass':A & 'word':*B`, required: ['pass'] },
      { query: `'a' <2> 'b' & 'a'`, required: ['a', 'b'] },
      { query: '', required: [] },
    ])
    .run(({ assert }, { query, required }) => {
      assert.deepEqual(requiredLexemes(query), required)
    })
})

test.group('Ticket search / parsed searches', () => {
  test('a search is parsed as PostgreSQL parses it, the first time and when repeated', async ({
    assert,
  }) => {
    for (const q of ['Slack channels', '"blank page" -vat', 'the and of', 'Slack channels']) {
      const { rows } = await db.rawQuery(`SELECT websearch_to_tsquery('english', ?)::text AS t`, [
        q,
      ])
      assert.equal(await tsqueryText(q), rows[0].t, q)
    }
    assert.equal(await tsqueryText('the and of'), '', 'only stop words: nothing to search')
  })
})
