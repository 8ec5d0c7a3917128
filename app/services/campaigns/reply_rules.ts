import db from '@adonisjs/lucid/services/db'

export type ReplyClass = 'positive' | 'negative' | 'neutral'

/** Used while no rule is saved (campaign_reply_rules is empty). */
export const DEFAULT_REPLY_RULES: { keyword: string; classification: ReplyClass }[] = [
  { keyword: 'not interested', classification: 'negative' },
  { keyword: 'wrong number', classification: 'negative' },
  { keyword: 'no', classification: 'negative' },
  { keyword: 'remove', classification: 'negative' },
  { keyword: 'yes', classification: 'positive' },
  { keyword: 'interested', classification: 'positive' },
  { keyword: 'sure', classification: 'positive' },
  { keyword: 'love', classification: 'positive' },
]

/**
 * A reply's class by the first matching keyword (whole words, case-insensitive; longer
 * keywords first, so "not interested" wins over "interested"). Pure.
 */
export function classifyReply(
  body: string,
  rules: { keyword: string; classification: ReplyClass }[]
): ReplyClass {
  const text = ` ${body.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  const ordered = [...rules].sort((a, b) => b.keyword.length - a.keyword.length)
  for (const rule of ordered) {
    const keyword = rule.keyword
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
    if (keyword && text.includes(` ${keyword} `)) return rule.classification
  }
  return 'neutral'
}

export async function replyRules() {
  const rows = await db
    .from('campaign_reply_rules')
    .select('keyword', 'classification')
    .orderBy('keyword')
  return rows.length ? (rows as typeof DEFAULT_REPLY_RULES) : DEFAULT_REPLY_RULES
}

/** Replaces the rules (the admins' editor). */
export async function saveReplyRules(rules: { keyword: string; classification: ReplyClass }[]) {
  await db.transaction(async (trx) => {
    await trx.from('campaign_reply_rules').delete()
    const unique = new Map(rules.map((r) => [r.keyword.trim().toLowerCase(), r.classification]))
    if (unique.size)
      await trx
        .table('campaign_reply_rules')
        .multiInsert([...unique].map(([keyword, classification]) => ({ keyword, classification })))
  })
}
