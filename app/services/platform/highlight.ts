/**
 * ts_headline marks matches with two control characters that stored text never contains
 * (they are stripped on save); the text is HTML-escaped first and only then are the
 * markers turned into <mark>, so a snippet can never carry markup from the content.
 */
export const MARK_START = '\u0001'
export const MARK_STOP = '\u0002'

/** ts_headline options: the markers, and a snippet of about two short sentences. */
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`

/** Whole-text variant for questions: every match marked. */
export const HEADLINE_ALL_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, HighlightAll=true`

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char])
}

/** A headline with markers → safe HTML with <mark> around the matches. */
export function highlightedHtml(headline: string): string {
  return escapeHtml(headline).replaceAll(MARK_START, '<mark>').replaceAll(MARK_STOP, '</mark>')
}

/** Stored text never holds the markers (or any other control character but new lines). */
export function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
}
