import MarkdownIt from 'markdown-it'

/**
 * Answers are written in Markdown and rendered once, on save. Raw HTML is not allowed
 * (it is shown as text), and markdown-it refuses javascript:, vbscript:, file: and
 * non-image data: links, so the stored HTML carries no script, event handler or
 * script URL.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false })

// Links leave the help center in a new tab and pass no referrer or ranking.
const renderLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'nofollow noopener noreferrer')
  tokens[index].attrSet('target', '_blank')
  return renderLinkOpen(tokens, index, options, env, self)
}

export interface RenderedAnswer {
  html: string
  /** Plain text: what full-text search indexes and snippets quote. */
  text: string
}

export function renderAnswer(source: string): RenderedAnswer {
  const html = markdown.render(source)
  return { html, text: plainText(html) }
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}

function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|li|h\d|pre|blockquote|tr|td|th)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity])
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim()
}
