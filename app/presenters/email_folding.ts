/**
 * A customer's email as agents and customers read it: what they wrote, with the quoted
 * history and the signature folded away below it (the stored text is never changed, and
 * the folded part stays one click away).
 */
export interface FoldedEmail {
  visible: string
  /** Quoted history and signature, or null when there is nothing to fold. */
  folded: string | null
}

/** Lines where the history of a reply begins, in the mail programs' own words. */
const HISTORY_STARTS = [
  /^on\b.{0,200}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^el\b.{0,200}\bescribió:\s*$/i,
  /^le\b.{0,200}\ba écrit\s?:\s*$/i,
  /^am\b.{0,200}\bschrieb.{0,100}:\s*$/i,
  /^-{2,}\s*original message\s*-{2,}\s*$/i, // Outlook
  /^-{2,}\s*forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
]

/** Where a signature begins: the "-- " delimiter or a phone's sign-off. */
const SIGNATURE_STARTS = [/^--\s?$/, /^sent from my \w+/i, /^get outlook for /i]

export function foldEmail(text: string): FoldedEmail {
  const lines = text.split('\n')
  let cut = lines.findIndex(
    (line, index) =>
      HISTORY_STARTS.some((pattern) => pattern.test(line.trim())) ||
      SIGNATURE_STARTS.some((pattern) => pattern.test(line.trimEnd())) ||
      outlookHeaderBlock(lines, index)
  )
  const quoted = trailingQuoteStart(lines)
  if (quoted !== -1 && (cut === -1 || quoted < cut)) cut = quoted
  if (cut === -1) return { visible: text, folded: null }
  const visible = lines.slice(0, cut).join('\n').trim()
  // A message that is all quote (a bare forward) is shown whole.
  if (!visible) return { visible: text, folded: null }
  return { visible, folded: lines.slice(cut).join('\n').trim() || null }
}

/** "From: …" followed within three lines by "Sent:" or "Date:" (Outlook's reply header). */
function outlookHeaderBlock(lines: string[], index: number) {
  if (!/^from:\s/i.test(lines[index].trim())) return false
  return lines.slice(index + 1, index + 4).some((line) => /^(sent|date):\s/i.test(line.trim()))
}

/** The first line of the run of quoted ("> …") and blank lines that ends the message. */
function trailingQuoteStart(lines: string[]) {
  let start = -1
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index].trim()
    if (line.startsWith('>')) start = index
    else if (line !== '') break
  }
  return start
}
