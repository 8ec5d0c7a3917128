import MarkdownIt from 'markdown-it'

/**
 * Knowledge-base answers and agents' replies are written in Markdown. Raw HTML is not allowed
 * (it is shown as text), and markdown-it refuses javascript:, vbscript:, file: and
 * non-image data: links, so the stored HTML carries no script, event handler or
 * script URL.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false })

// Links open in a new tab and pass no referrer or ranking.
const renderLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'nofollow noopener noreferrer')
  tokens[index].attrSet('target', '_blank')
  return renderLinkOpen(tokens, index, options, env, self)
}

export interface RenderedMarkdown {
  html: string
  /** Plain text: what full-text search indexes and snippets quote, and a mail's text part. */
  text: string
}

/** `linkUrls` keeps each link's address after its text, for a mail's text part. */
export function renderMarkdown(
  source: string,
  options: { linkUrls?: boolean } = {}
): RenderedMarkdown {
  const html = markdown.render(source)
  return { html, text: plainText(options.linkUrls ? withLinkUrls(html) : html) }
}

/** `<a href="u">label</a>` becomes `label (u)`, or `u` when the label is the address. */
function withLinkUrls(html: string) {
  return html.replace(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g, (_link, url: string, label: string) =>
    label === url ? url : `${label} (${url})`
  )
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
