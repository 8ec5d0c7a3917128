import db from '@adonisjs/lucid/services/db'
import { cachedPublic, knowledgeChanged } from '#services/knowledge/search_cache'
import { searchWords } from '#services/knowledge/search_query'

/** Most synonym groups kept (a list people read and edit on one page). */
export const MAX_SYNONYM_GROUPS = 500
/** Most words or phrases in one group. */
export const MAX_GROUP_TERMS = 20
/** Longest word or phrase of a group, in characters. */
export const MAX_TERM_LENGTH = 60

/** A word or phrase as stored and matched: lower case, words joined by one space. */
export function normalizeTerm(term: string) {
  return searchWords(term).join(' ')
}

/** The synonym groups, in the order they were written. */
export async function listSynonyms(): Promise<string[][]> {
  const rows = await db.from('faq_synonyms').orderBy('id').select('terms')
  return rows.map((row) => row.terms)
}

/**
 * Replaces the whole list (the page edits it as one text). Terms are normalized and
 * repeats dropped; a group left with fewer than two terms says nothing and is not kept.
 */
export async function saveSynonyms(groups: string[][]) {
  const now = new Date()
  const rows = groups
    .map((group) => [...new Set(group.map(normalizeTerm).filter(Boolean))])
    .filter((terms) => terms.length >= 2)
    .map((terms) => ({ terms, created_at: now, updated_at: now }))
  await db.transaction(async (trx) => {
    await trx.from('faq_synonyms').delete()
    if (rows.length) await trx.insertQuery().table('faq_synonyms').insert(rows)
  })
  await knowledgeChanged()
  return rows.length
}

/**
 * Each word or phrase of the list with everything it may stand for (itself included; a
 * term in two groups stands for both). Kept with the public results and dropped with them
 * whenever the knowledge base changes.
 */
export function synonymIndex(): Promise<Map<string, string[]>> {
  return cachedPublic('synonyms', async () => {
    const index = new Map<string, Set<string>>()
    for (const group of await listSynonyms()) {
      for (const term of group) {
        const alternatives = index.get(term) ?? new Set()
        for (const other of group) alternatives.add(other)
        index.set(term, alternatives)
      }
    }
    return new Map([...index].map(([term, alternatives]) => [term, [...alternatives]]))
  })
}
