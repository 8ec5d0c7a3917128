import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { compactTemplates, stripIndentation } from '#presenters/compact_templates'

test.group('Compact templates', () => {
  test('indentation goes, line breaks and the text inside pre, textarea and script stay', ({
    assert,
  }) => {
    const template = [
      '<main>',
      '  <p>',
      '    Hello {{ name }}',
      '  </p>',
      '  <pre class="code">line one',
      '    indented line',
      '  </pre>',
      '  <textarea>',
      '      keep me',
      '  </textarea>',
      '  <script nonce="x">',
      '    const text = `a',
      '      b`',
      '  </script>',
      '  <p>after</p>',
      '</main>',
    ].join('\n')
    assert.equal(
      stripIndentation(template),
      [
        '<main>',
        '<p>',
        'Hello {{ name }}',
        '</p>',
        '<pre class="code">line one',
        '    indented line',
        '  </pre>',
        '<textarea>',
        '      keep me',
        '  </textarea>',
        '<script nonce="x">',
        '    const text = `a',
        '      b`',
        '  </script>',
        '<p>after</p>',
        '</main>',
      ].join('\n')
    )
  })

  test('Edge renders the compacted templates, but leaves mail templates alone', async ({
    assert,
  }) => {
    const edge = new Edge()
    edge.registerTemplate('pages/greeting', {
      template: '<div>\n  @if(name)\n    <b>{{ name }}</b>\n  @end\n</div>',
    })
    edge.registerTemplate('emails/greeting_text', { template: 'Hello\n    {{ name }}' })
    compactTemplates(edge)
    assert.equal(await edge.render('pages/greeting', { name: 'Ada' }), '<div>\n<b>Ada</b>\n</div>')
    assert.equal(await edge.render('emails/greeting_text', { name: 'Ada' }), 'Hello\n    Ada')
  })
})
