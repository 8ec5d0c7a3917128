/**
 * Turning what a person typed into the pieces of a PostgreSQL full-text query. Nothing
 * here is SQL: the pieces are bound as parameters, and websearch_to_tsquery accepts any
 * text, so quotes, operators, emoji or SQL fragments can never make a search fail.
 */

/** Longest input that is searched; longer input is cut (a search box, not a document). */
export const MAX_QUERY_LENGTH = 200

/** Shortest last word that is matched as a prefix while the person is still typing it. */
const MIN_PREFIX_LENGTH = 2

/** Most distinct words of free text (a ticket description) used for suggestions. */
const MAX_SUGGESTION_WORDS = 24

/** How much of the end of free text is read for suggestions, in characters. */
const MAX_SUGGESTION_TEXT = 4000

const WORD = /[\p{L}\p{N}]+/gu

export interface ParsedSearch {
  /** The normalized input, as logged and shown back. */
  text: string
  /** Input for websearch_to_tsquery (quotes, `or`, `-word`), or '' when there is none. */
  websearch: string
  /** The word being typed, matched as a prefix (`word:*`), or null. */
  prefix: string | null
  /** Letters and digits only: input for the trigram fallback. */
  fuzzy: string
}

/** Control characters cannot be stored or searched; runs of white space count as one. */
export function normalizeSearchText(raw: unknown): string {
  if (typeof raw !== 'string') return ''
  return (
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trimStart()
      .slice(0, MAX_QUERY_LENGTH)
  )
}

/**
 * A search box query. The last word is matched as a prefix unless the person has
 * finished it (a trailing space or quote), it is inside an open quote, or it is an
 * operator (`or`, `-word`).
 */
export function parseSearch(raw: unknown): ParsedSearch | null {
  const typed = normalizeSearchText(raw)
  const text = typed.trim()
  if (!text) return null
  const fuzzy = (text.match(WORD) ?? []).join(' ').toLowerCase()
  if (!fuzzy) return null

  const finished = typed.endsWith(' ') || text.endsWith('"')
  const openQuote = (text.match(/"/g)?.length ?? 0) % 2 === 1
  const lastToken = text.slice(text.lastIndexOf(' ') + 1)
  const operator = lastToken.startsWith('-') || lastToken.toLowerCase() === 'or'
  const lastWord = text.match(/[\p{L}\p{N}]+$/u)?.[0] ?? null

  if (finished || openQuote || operator || !lastWord) {
    return { text, websearch: text, prefix: null, fuzzy }
  }
  const websearch = text.slice(0, text.length - lastWord.length).trim()
  const prefix = lastWord.length >= MIN_PREFIX_LENGTH ? lastWord.toLowerCase() : null
  return { text, websearch, prefix, fuzzy }
}

/**
 * Free text (a ticket being written): any of its words may match, so the FAQs that share
 * the most (and the rarest) words with it rank first. Returns websearch input
 * (`a or b or c`) or null when there are no words.
 */
export function suggestionQuery(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const words = raw.slice(-MAX_SUGGESTION_TEXT).toLowerCase().match(WORD) ?? []
  const distinct = [...new Set(words.filter((word) => word !== 'or'))]
  // The most recent words say most about what is being written now.
  const recent = distinct.slice(-MAX_SUGGESTION_WORDS)
  return recent.length ? recent.join(' or ') : null
}
