/** Colours a category's badge can take (`.badge.cat-0` … `.cat-7` in app.css). */
const TONES = 8

/**
 * A category's colour, the same on every page (agent and public). Taken from its id, so
 * categories made one after another (the first eight at least) never share a colour and
 * no page needs another column or query.
 */
export function categoryTone(categoryId: number) {
  return `cat-${(((categoryId - 1) % TONES) + TONES) % TONES}`
}
