/**
 * Known crawlers, link previewers and prefetchers by their User-Agent: they run no person's
 * visit, so the help-center experiment does not expose them (docs/deflection.md). An empty
 * agent is a script.
 */
const CRAWLER =
  /bot\b|crawl|spider|slurp|preview|prefetch|facebookexternalhit|embedly|lighthouse|curl\/|wget|python-requests|httpclient|^$/i

export const isCrawlerAgent = (userAgent: string | undefined | null) =>
  CRAWLER.test((userAgent ?? '').trim())
