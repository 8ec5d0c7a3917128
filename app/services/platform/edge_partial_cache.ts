import type { Edge } from 'edge.js'

type Compiler = Edge['compiler']

/**
 * Edge 6 caches compiled templates and components, but compiles an `@include` again on
 * every render: its partials always carry a list of local variable names (even an empty
 * one), and the compiler skips its cache whenever that list is present. Every page here
 * includes partials inside the layout's slot, so each request re-read, re-parsed and
 * re-evaluated them (`new Function`) — a large share of a page's CPU time.
 *
 * A compiled partial depends only on its file and the names of the variables in scope,
 * so it is cached under both. Only when Edge's own cache is on (production), so templates
 * edited in development still show at once.
 */
export function cacheIncludedPartials(edge: Edge) {
  for (const compiler of [edge.compiler, edge.asyncCompiler]) {
    if (compiler.cacheManager.enabled) wrap(compiler)
  }
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
