import type { Edge } from 'edge.js'

/** Elements whose text is shown (or run) as written: their lines keep their indentation. */
const VERBATIM_OPEN = /<(pre|textarea|script)\b/gi
const VERBATIM_CLOSE = /<\/(pre|textarea|script)\s*>/gi

/**
 * Removes the indentation of page templates before Edge compiles them, once per template,
 * so that rendering costs nothing more. Indentation was over half of an inbox page's bytes.
 * Line breaks stay: whitespace between inline elements still reads as a space, a browser
 * renders the page exactly as before, and Edge's error messages keep their line numbers.
 * Lines inside <pre>, <textarea> and <script> keep their spaces. Mail templates are left
 * alone: the text parts of mails are laid out with spaces.
 */
export function compactTemplates(edge: Edge) {
  edge.processor.process('raw', ({ raw, path }) =>
    /(^|[\\/])emails[\\/]/.test(path) ? raw : stripIndentation(raw)
  )
}

export function stripIndentation(template: string) {
  let verbatim = 0
  return template
    .split('\n')
    .map((line) => {
      const kept = verbatim > 0 ? line : line.trimStart()
      verbatim += count(line, VERBATIM_OPEN) - count(line, VERBATIM_CLOSE)
      return kept
    })
    .join('\n')
}

function count(line: string, tag: RegExp) {
  return line.match(tag)?.length ?? 0
}
