import { test } from '@japa/runner'
import { parseSearch, suggestionQuery } from '#services/knowledge/search_query'
import { highlightedHtml, MARK_START, MARK_STOP } from '#services/platform/highlight'

test.group('Knowledge / search input', () => {
  test('the word being typed becomes a prefix; finished words do not', ({ assert }) => {
    assert.deepInclude(parseSearch('reset passw'), { websearch: 'reset', prefix: 'passw' })
    assert.deepInclude(parseSearch('reset passw '), { websearch: 'reset passw', prefix: null })
    assert.deepInclude(parseSearch('"reset pass'), { prefix: null })
    assert.deepInclude(parseSearch('password -reset'), { prefix: null })
    assert.deepInclude(parseSearch('password or'), { prefix: null })
    // One letter is too little to expand.
    assert.deepInclude(parseSearch('reset p'), { websearch: 'reset', prefix: null })
  })

  test('input without words is no search; control characters and length are trimmed', ({
    assert,
  }) => {
    assert.isNull(parseSearch(''))
    assert.isNull(parseSearch('  !!! ?? '))
    assert.isNull(parseSearch(['array']))
    assert.equal(parseSearch('a\u0000b')!.text, 'a b')
    assert.lengthOf(parseSearch('x'.repeat(5000))!.text, 200)
    assert.equal(parseSearch('Pâte 🙂 Émile')!.fuzzy, 'pâte émile')
  })

  test('free text becomes an any-word query of its latest distinct words', ({ assert }) => {
    assert.equal(suggestionQuery('My password, my PASSWORD or email!'), 'my or password or email')
    assert.isNull(suggestionQuery('  '))
    assert.lengthOf(
      suggestionQuery(
        `${'word '.repeat(10)}${'a b c d e f g h i j k l m n o p q r s t u v w x y z'}`
      )!.split(' or '),
      24
    )
  })

  test('snippets are escaped before matches are marked', ({ assert }) => {
    assert.equal(
      highlightedHtml(`<b>${MARK_START}reset${MARK_STOP}</b> & "more"`),
      '&lt;b&gt;<mark>reset</mark>&lt;/b&gt; &amp; &quot;more&quot;'
    )
  })
})
