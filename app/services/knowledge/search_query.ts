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
  /** Plain words only (no quotes, `or` or `-word`): searched word by word, with synonyms. */
  plain: boolean
  /** The words searched, in lower case (a one-letter word being typed is left out). */
  words: string[]
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

  const plain = !text.includes('"') && !/(^|\s)(-|or(\s|$))/i.test(text)
  const words = fuzzy.split(' ')
  if (finished || openQuote || operator || !lastWord) {
    return { text, plain, words, websearch: text, prefix: null, fuzzy }
  }
  const websearch = text.slice(0, text.length - lastWord.length).trim()
  const prefix = lastWord.length >= MIN_PREFIX_LENGTH ? lastWord.toLowerCase() : null
  if (!prefix) words.pop()
  return { text, plain, words, websearch, prefix, fuzzy }
}

/** Words of a search or of a synonym: lower case, letters and digits only. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? []
}

/**
 * Small words a person puts between the words of a phrase ("close *my* account", "logging
 * *me* out"): a synonym phrase still matches across them.
 */
const FILLER_WORDS = new Set(
  'a an the my me our your his her their its i we you it this that of to on in at by for with is are was do does did can be'.split(
    ' '
  )
)

/** One part of a plain query: a word (maybe a prefix being typed) or a synonym phrase. */
export interface TermGroup {
  /** What may stand for this part: the word or phrase typed and its synonyms. */
  alternatives: string[]
  /** The last word, still being typed: matched as a prefix. */
  prefix: boolean
}

/**
 * A plain query as groups of alternatives. Synonym phrases (the longest first) are found in
 * the words typed, also with small words between theirs; every other word is a group of
 * its own. `synonyms` maps a phrase (words joined by one space) to its group.
 */
export function termGroups(parsed: ParsedSearch, synonyms: Map<string, string[]>): TermGroup[] {
  const typing = parsed.prefix !== null
  return groupWords(parsed.words, synonyms).map(({ alternatives, end }) => ({
    alternatives,
    // The last word, on its own, while it is being typed.
    prefix: typing && alternatives.length === 1 && end === parsed.words.length,
  }))
}

/** The synonyms of the phrases in free text ("I was charged twice" → "double charge"). */
export function synonymsIn(words: string[], synonyms: Map<string, string[]>): string[] {
  const found = groupWords(words, synonyms).filter((group) => group.alternatives.length > 1)
  return [...new Set(found.flatMap((group) => group.alternatives))]
}

function groupWords(words: string[], synonyms: Map<string, string[]>) {
  const phrases = [...synonyms.keys()]
    .map((phrase) => phrase.split(' '))
    .sort((a, b) => b.length - a.length)
  const groups: { alternatives: string[]; end: number }[] = []
  let at = 0
  while (at < words.length) {
    const found = phrases
      .map((phrase) => ({ phrase, end: phraseEnd(words, at, phrase) }))
      .find((match) => match.end !== null)
    const end = found ? found.end! : at + 1
    groups.push({ alternatives: found ? synonyms.get(found.phrase.join(' '))! : [words[at]], end })
    at = end
  }
  return groups
}

/** Where a phrase starting at `start` ends in `words`, skipping filler words; or null. */
function phraseEnd(words: string[], start: number, phrase: string[]): number | null {
  if (matchKey(words[start]) !== matchKey(phrase[0])) return null
  let at = start + 1
  for (const word of phrase.slice(1)) {
    const key = matchKey(word)
    while (at < words.length && matchKey(words[at]) !== key && FILLER_WORDS.has(words[at])) {
      at += 1
    }
    if (at >= words.length || matchKey(words[at]) !== key) return null
    at += 1
  }
  return at
}

/**
 * A word without its common English endings, so that a phrase matches in other forms
 * ("charged twice" in "charge twice", "double charge" in "double charged").
 */
function matchKey(word: string) {
  const stem = word.replace(/(ing|ed|es|s|e)$/, '')
  return stem.length < 3 ? word : stem.replace(/(.)\1$/, '$1')
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
