import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { Limiter, LimiterResponse } from '@adonisjs/limiter'

/**
 * Failed sign-ins are limited three ways (docs/operations.md, "Sign-in limits"):
 * - per address and email: 5 failures a minute, then a 15-minute block;
 * - per address, whatever the email (credential stuffing): 20 failures an hour, then an
 *   hour's block;
 * - per account, from any address: the 5th failure in a day pauses the account's sign-ins
 *   for 1 minute, each further one for twice as long (2, 4, 8), at most 15 minutes.
 * The account pause is a capped backoff, not a lock: attempts during a pause are refused
 * without counting or extending it, so an attacker gets about 4 guesses an hour and the
 * real user waits at most 15 minutes after the attack stops.
 *
 * An attempt is counted before its password is checked and given back when it succeeds,
 * and an account whose next failure would pause it checks one attempt at a time: a burst
 * of simultaneous guesses gets no more tries than guesses made one after another.
 */
const ACCOUNT_FREE_FAILURES = 5
const ACCOUNT_MAX_PAUSE_MINUTES = 15

const perAddressAndEmail = () =>
  limiter.use({ requests: 5, duration: '1 minute', blockDuration: '15 minutes' })
const perAddress = () => limiter.use({ requests: 20, duration: '1 hour', blockDuration: '1 hour' })
const accountFailures = () => limiter.use({ requests: ACCOUNT_FREE_FAILURES, duration: '1 day' })
const accountPause = () => limiter.use({ requests: 1, duration: '15 minutes' })
/** The one attempt being checked; expires by itself if its process dies meanwhile. */
const accountTurn = () => limiter.use({ requests: 1, duration: '1 minute' })

/** Seconds an account pauses after its n-th failure of the day: 0, then doubling to a cap. */
export function accountPauseSeconds(failures: number) {
  if (failures < ACCOUNT_FREE_FAILURES) return 0
  const minutes = Math.min(2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_PAUSE_MINUTES)
  return minutes * 60
}

interface Counter {
  limit: Limiter
  key: string
}

/** Blocked means counted past the limit (a block sets the count to the limit plus one). */
async function longestBlock(counters: Counter[]) {
  const states = await Promise.all(counters.map(({ limit, key }) => limit.get(key)))
  const blocks = states.filter(
    (state): state is LimiterResponse => state !== null && state.consumed > state.limit
  )
  if (blocks.length === 0) return null
  return blocks.reduce((a, b) => (b.availableIn > a.availableIn ? b : a))
}

/**
 * One sign-in attempt's share of the limits, taken by `begin` (which throws the limiter's
 * E_TOO_MANY_REQUESTS, with the wait, when the attempt may not be checked) and settled by
 * exactly one of `failed`, `succeeded` or `abandoned`.
 */
export class LoginAttempt {
  #pair: Counter
  #address: Counter
  #failures: Counter
  #pause: Counter
  #turn: Counter
  #counts = { pair: 0, address: 0, failures: 0 }
  #holdsTurn = false

  private constructor(ip: string, email: string) {
    this.#pair = { limit: perAddressAndEmail(), key: `login_${ip}_${email}` }
    this.#address = { limit: perAddress(), key: `login_ip_${ip}` }
    this.#failures = { limit: accountFailures(), key: `login_account_${email}` }
    this.#pause = { limit: accountPause(), key: `login_pause_${email}` }
    this.#turn = { limit: accountTurn(), key: `login_turn_${email}` }
  }

  static async begin(ip: string, email: string) {
    const attempt = new LoginAttempt(ip, email)
    const block = await longestBlock([attempt.#pair, attempt.#address, attempt.#pause])
    if (block) throw new limiterErrors.E_TOO_MANY_REQUESTS(block)
    try {
      await attempt.#reserve()
    } catch (error) {
      await attempt.abandoned()
      throw error
    }
    return attempt
  }

  async #reserve() {
    const pair = await this.#pair.limit.consume(this.#pair.key)
    this.#counts.pair = pair.consumed
    const address = await this.#address.limit.consume(this.#address.key)
    this.#counts.address = address.consumed
    const failures = await this.#failures.limit.increment(this.#failures.key)
    this.#counts.failures = failures.consumed
    if (this.#counts.failures >= ACCOUNT_FREE_FAILURES) {
      await this.#turn.limit.consume(this.#turn.key)
      this.#holdsTurn = true
    }
  }

  async failed() {
    await Promise.all([
      this.#blockWhenReached(this.#pair, this.#counts.pair),
      this.#blockWhenReached(this.#address, this.#counts.address),
    ])
    const pause = accountPauseSeconds(this.#counts.failures)
    // The pause starts before the turn is given up, so no attempt slips in between.
    if (pause > 0) await this.#pause.limit.block(this.#pause.key, pause)
    await this.#releaseTurn()
  }

  /** Clears the account's failures; the address's count across accounts keeps the others. */
  async succeeded() {
    await Promise.all([
      this.#pair.limit.delete(this.#pair.key),
      this.#failures.limit.delete(this.#failures.key),
      this.#pause.limit.delete(this.#pause.key),
      this.#giveBack(this.#address, this.#counts.address),
    ])
    await this.#releaseTurn()
  }

  /** Neither outcome (refused, or the check itself failed): gives back what was counted. */
  async abandoned() {
    await Promise.all([
      this.#giveBack(this.#pair, this.#counts.pair),
      this.#giveBack(this.#address, this.#counts.address),
      this.#giveBack(this.#failures, this.#counts.failures),
    ])
    await this.#releaseTurn()
  }

  async #blockWhenReached({ limit, key }: Counter, count: number) {
    if (count >= limit.requests) await limit.block(key, limit.blockDuration)
  }

  async #giveBack({ limit, key }: Counter, count: number) {
    if (count > 0) await limit.decrement(key)
  }

  async #releaseTurn() {
    if (this.#holdsTurn) await this.#turn.limit.delete(this.#turn.key)
    this.#holdsTurn = false
  }
}
