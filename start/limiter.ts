/*
|--------------------------------------------------------------------------
| HTTP rate limiters
|--------------------------------------------------------------------------
*/
import limiter from '@adonisjs/limiter/services/main'

/**
 * Browser client keys are public (embedded in pages), so each key is limited per client
 * address: 600 requests a minute. Server tokens are not limited here.
 */
export const clientKeyThrottle = limiter.define('client_key', (ctx) => {
  const user = ctx.auth.use('api').user
  if (!user || !user.currentAccessToken.allows('client')) return null
  return limiter
    .allowRequests(600)
    .every('1 minute')
    .usingKey(`${user.currentAccessToken.identifier}_${ctx.request.ip()}`)
})

/** "Was this helpful?" votes from one address: 30 a minute is far above what a reader clicks. */
export const helpVoteThrottle = limiter.define('help_votes', (ctx) =>
  limiter.allowRequests(30).every('1 minute').usingKey(ctx.request.ip())
)

/**
 * Help-center search and ticket-form suggestions, per address: search runs as the visitor
 * types (a request every 250 ms at most), so a fast typist sends about 60 a minute; 120
 * leaves room for a few people behind one address and stops scripted scraping.
 */
export const helpSearchThrottle = limiter.define('help_search', (ctx) =>
  limiter.allowRequests(120).every('1 minute').usingKey(ctx.request.ip())
)

/** Invite links, per address: a person follows a link once; 30 a minute is generous. */
export const referralRedirectThrottle = limiter.define('referral_redirects', (ctx) =>
  limiter.allowRequests(30).every('1 minute').usingKey(ctx.request.ip())
)

/**
 * The public FAQ API read without a token, per address: 120 a minute. Requests with a
 * valid token are not limited here (its owner is known).
 */
export const publicFaqThrottle = limiter.define('public_faqs', (ctx) => {
  if (ctx.auth.use('api').user) return null
  return limiter.allowRequests(120).every('1 minute').usingKey(ctx.request.ip())
})

/**
 * Password changes of one person: 5 attempts in 15 minutes, so whoever holds a copied
 * session cannot guess the current password (which would sign its owner out).
 */
export const passwordChangeThrottle = limiter.define('password_change', (ctx) =>
  limiter.allowRequests(5).every('15 minutes').usingKey(String(ctx.auth.getUserOrFail().id))
)
