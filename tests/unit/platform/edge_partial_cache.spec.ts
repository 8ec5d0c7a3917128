import { test } from '@japa/runner'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Edge } from 'edge.js'
import { cacheIncludedPartials } from '#services/platform/edge_partial_cache'

async function views() {
  const root = await mkdtemp(join(tmpdir(), 'edge-partials-'))
  await mkdir(join(root, 'partials'))
  await writeFile(join(root, 'partials/row.edge'), '<li>{{ item }}</li>')
  await writeFile(
    join(root, 'list.edge'),
    "<ul>\n@each(item in items)\n@include('partials/row')\n@end\n</ul>\n@let(item = 'last')\n@include('partials/row')"
  )
  return root
}

/** Counts compilations of a template through Edge's "compiled" hook. */
function compilations(edge: Edge, name: string) {
  const counter = { count: 0 }
  edge.processor.process('compiled', ({ path }) => {
    if (path.endsWith(name)) counter.count += 1
  })
  return counter
}

test.group('Edge partial cache', () => {
  test('an included partial is compiled once and still renders each scope’s variables', async ({
    assert,
  }) => {
    const edge = new Edge({ cache: true })
    edge.mount(await views())
    cacheIncludedPartials(edge)
    const row = compilations(edge, 'row.edge')

    const first = await edge.render('list', { items: ['a', 'b'] })
    const second = await edge.render('list', { items: ['c'] })
    assert.equal(first.replace(/\s+/g, ''), '<ul><li>a</li><li>b</li></ul><li>last</li>')
    assert.equal(second.replace(/\s+/g, ''), '<ul><li>c</li></ul><li>last</li>')
    // Included three times per render, in scopes with the same variable names: compiled once.
    assert.equal(row.count, 1)
  })

  test('without Edge’s cache (development) partials are compiled on every render', async ({
    assert,
  }) => {
    const edge = new Edge({ cache: false })
    edge.mount(await views())
    cacheIncludedPartials(edge)
    const row = compilations(edge, 'row.edge')
    await edge.render('list', { items: ['a'] })
    await edge.render('list', { items: ['b'] })
    assert.isAbove(row.count, 2)
  })
})
