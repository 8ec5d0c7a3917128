import { test } from '@japa/runner'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Edge } from 'edge.js'
import { useEdgeProductionCaches } from '#patches/edge_production_caches'

async function views() {
  const root = await mkdtemp(join(tmpdir(), 'edge-partials-'))
  await mkdir(join(root, 'partials'))
  await mkdir(join(root, 'components'))
  await writeFile(join(root, 'partials/row.edge'), '<li>{{ item }}</li>')
  await writeFile(join(root, 'components/note.edge'), '<p>{{ text }}</p>')
  await writeFile(join(root, 'noted.edge'), '@!note({ text })')
  await writeFile(
    join(root, 'list.edge'),
    "<ul>\n@each(item in items)\n@include('partials/row')\n@end\n</ul>\n@let(item = 'last')\n@include('partials/row')"
  )
  return root
}

/** An Edge set up as the app's shared instance is: created bare, then configured. */
function productionEdge(root: string) {
  const edge = Edge.create()
  edge.configure({ cache: true })
  edge.mount(root)
  return edge
}

/** Counts scans of the disk for component files. */
function componentScans(edge: Edge) {
  const counter = { count: 0 }
  const list = edge.loader.listComponents.bind(edge.loader)
  edge.loader.listComponents = () => {
    counter.count += 1
    return list()
  }
  return counter
}

/** Counts compilations of a template through Edge's "compiled" hook. */
function compilations(edge: Edge, name: string) {
  const counter = { count: 0 }
  edge.processor.process('compiled', ({ path }) => {
    if (path.endsWith(name)) counter.count += 1
  })
  return counter
}

test.group('Edge production caches', () => {
  test('an included partial is compiled once and still renders each scope’s variables', async ({
    assert,
  }) => {
    const edge = productionEdge(await views())
    useEdgeProductionCaches(edge)
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
    useEdgeProductionCaches(edge)
    const row = compilations(edge, 'row.edge')
    await edge.render('list', { items: ['a'] })
    await edge.render('list', { items: ['b'] })
    assert.isAbove(row.count, 2)
  })

  test('component files are listed once, not on every render', async ({ assert }) => {
    const edge = productionEdge(await views())
    const scans = componentScans(edge)
    useEdgeProductionCaches(edge)
    const one = await edge.render('noted', { text: 'one' })
    const two = await edge.render('noted', { text: 'two' })
    assert.equal(one.trim(), '<p>one</p>')
    assert.equal(two.trim(), '<p>two</p>')
    assert.equal(scans.count, 1)
  })

  test('without the caches, Edge lists component files on every render', async ({ assert }) => {
    // What the cache works around: the shared instance is configured after it is created.
    const edge = productionEdge(await views())
    const scans = componentScans(edge)
    await edge.render('noted', { text: 'one' })
    await edge.render('noted', { text: 'two' })
    assert.equal(scans.count, 2)
  })
})
