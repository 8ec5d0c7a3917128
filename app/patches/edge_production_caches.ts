import type { Edge } from 'edge.js'

type Compiler = Edge['compiler']

/**
 * Patches the Edge instance of the app (installed by start/view.ts). It can go when Edge
 * caches compiled `@include`s that carry local variable names and its list of component
 * files itself (edge.js 6.5.1 does neither): check the two functions below against a new
 * release, and tests/unit/patches/edge_production_caches.spec.ts.
 *
 * Two things Edge 6 does on every render even with its cache on (production), each a
 * measurable share of a page's CPU time. Both are only cached when Edge's own cache is on,
 * so templates edited in development still show at once.
 */
export function useEdgeProductionCaches(edge: Edge) {
  if (!edge.compiler.cacheManager.enabled) return
  cacheIncludedPartials(edge)
  cacheComponentList(edge)
}

/**
 * Edge compiles an `@include` again on every render: its partials always carry a list of
 * local variable names (even an empty one), and the compiler skips its cache whenever that
 * list is present. Every page here includes partials inside the layout's slot, so each
 * request re-read, re-parsed and re-evaluated them (`new Function`).
 *
 * A compiled partial depends only on its file and the names of the variables in scope,
 * so it is cached under both.
 */
function cacheIncludedPartials(edge: Edge) {
  for (const compiler of [edge.compiler, edge.asyncCompiler]) wrap(compiler)
}

/**
 * Edge's component tags (`@card`, `@layout`…) come from a plugin that lists the files of
 * every `components` directory, a recursive `readdirSync` plus a stat per file. It is meant
 * to run once when the cache is on, but the shared `edge` instance is created without
 * options and only configured for the cache later, so it runs on every render. The list of
 * component files does not change while a production process runs.
 */
function cacheComponentList(edge: Edge) {
  const list = edge.loader.listComponents.bind(edge.loader)
  let components: ReturnType<typeof list> | undefined
  edge.loader.listComponents = () => (components ??= list())
}

function wrap(compiler: Compiler) {
  const compile = compiler.compile.bind(compiler)
  const partials = new Map<string, ReturnType<Compiler['compile']>>()
  compiler.compile = (templatePath, localVariables) => {
    if (!localVariables) return compile(templatePath)
    const key = `${templatePath}\u0000${localVariables.join(',')}`
    let compiled = partials.get(key)
    if (!compiled) {
      compiled = compile(templatePath, localVariables)
      partials.set(key, compiled)
    }
    return compiled
  }
}
