/**
 * Runs inbound messages a few at a time (each waits mostly on the database) without
 * changing what threading sees: a message starts only after every earlier message it could
 * depend on has finished, i.e. one from the same sender or one whose Message-ID it refers
 * to (In-Reply-To, References). Unrelated conversations overlap; one conversation stays in
 * order. Resolves with each message's settled result, in input order.
 */
export async function inConversationOrder<T>(
  raws: Buffer[],
  work: (raw: Buffer) => Promise<T>,
  concurrency: number
): Promise<PromiseSettledResult<T>[]> {
  const lastByKey = new Map<string, Promise<unknown>>()
  const running = new Set<Promise<unknown>>()
  const results: Promise<PromiseSettledResult<T>>[] = []
  for (const raw of raws) {
    while (running.size >= concurrency) await Promise.race(running)
    const { ownKeys, dependsOn } = conversationKeys(raw)
    const before = dependsOn.flatMap((key) => lastByKey.get(key) ?? [])
    const done = Promise.allSettled(before).then(() => work(raw))
    const settled = done.then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason) => ({ status: 'rejected', reason }) as const
    )
    for (const key of ownKeys) lastByKey.set(key, settled)
    running.add(settled)
    void settled.then(() => running.delete(settled))
    results.push(settled)
  }
  return Promise.all(results)
}

/** Read from the raw header block: a message that does not parse has only its own sender. */
function conversationKeys(raw: Buffer) {
  const end = raw.indexOf('\r\n\r\n')
  const head = raw
    .subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ')
  const field = (name: string) =>
    new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1].trim() ?? ''
  const ids = (text: string) => (text.match(/<[^<>\s]+>/g) ?? []).map((id) => id.toLowerCase())
  const from = /[^\s<>"]+@[^\s<>"]+/.exec(field('from'))?.[0].toLowerCase() ?? field('from')
  const sender = `from:${from}`
  const own = ids(field('message-id')).map((id) => `id:${id}`)
  const refs = [...ids(field('in-reply-to')), ...ids(field('references'))].map((id) => `id:${id}`)
  return { ownKeys: [sender, ...own], dependsOn: [sender, ...refs] }
}
