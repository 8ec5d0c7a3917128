import db from '@adonisjs/lucid/services/db'

export type VoteOutcome = 'counted' | 'changed' | 'unchanged'

/**
 * "Was this helpful?": one vote per visitor and article. Voting again with the other
 * answer moves the vote; the article's counters change in the same transaction, so they
 * always equal the votes.
 */
export async function recordVote(
  faqId: number,
  visitorId: string,
  helpful: boolean
): Promise<VoteOutcome> {
  return db.transaction(async (trx) => {
    // Votes on one article queue behind each other, so a double click with two different
    // answers still leaves the counters equal to the votes.
    await trx.rawQuery('SELECT 1 FROM faqs WHERE id = ? FOR UPDATE', [faqId])
    const previous = await trx
      .from('faq_votes')
      .where({ faq_id: faqId, visitor_id: visitorId })
      .select('helpful')
      .first()
    if (previous?.helpful === helpful) return 'unchanged'
    const column = (value: boolean) => (value ? 'helpful_count' : 'not_helpful_count')
    const sets = [`${column(helpful)} = ${column(helpful)} + 1`]
    if (previous) {
      sets.push(`${column(previous.helpful)} = ${column(previous.helpful)} - 1`)
      await trx
        .from('faq_votes')
        .where({ faq_id: faqId, visitor_id: visitorId })
        .update({ helpful, updated_at: new Date() })
    } else {
      await trx.table('faq_votes').insert({
        faq_id: faqId,
        visitor_id: visitorId,
        helpful,
        created_at: new Date(),
        updated_at: new Date(),
      })
    }
    await trx.rawQuery(`UPDATE faqs SET ${sets.join(', ')} WHERE id = ?`, [faqId])
    return previous ? 'changed' : 'counted'
  })
}

/** The visitor's current vote on an article, if any. */
export async function visitorVote(faqId: number, visitorId: string): Promise<boolean | null> {
  const row = await db
    .from('faq_votes')
    .where({ faq_id: faqId, visitor_id: visitorId })
    .select('helpful')
    .first()
  return row ? row.helpful : null
}
