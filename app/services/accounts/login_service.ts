import limiter from '@adonisjs/limiter/services/main'
import { errors as authErrors } from '@adonisjs/auth'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { Limiter, LimiterResponse } from '@adonisjs/limiter'
import User from '#models/user'
import { normalizeEmail, recordLogin } from '#services/accounts/user_service'

/**
 * Failed sign-ins are limited three ways (docs/operations.md, "Sign-in limits"):
 * - per address and email: 5 failures a minute, then a 15-minute block;
 * - per address, whatever the email (credential stuffing): 20 failures an hour, then an
 *   hour's block;
 * - per account, from any address: the 5th failure in a day pauses the account's sign-ins
 *   for 1 minute, each further one for twice as long (2, 4, 8), at most 15 minutes.
 * The account pause is a capped backoff, not a lock: attempts during a pause are refused
 * without counting or extending it, so an attacker gets about 4 guesses an hour and the
 * real user waits at most 15 minutes after the attack stops. A success clears the
 * account's count and that of its address and email; the address's count across
 * accounts stays.
 */
const ACCOUNT_FREE_FAILURES = 5
const ACCOUNT_MAX_PAUSE_MINUTES = 15

const perAddressAndEmail = () =>
  limiter.use({ requests: 5, duration: '1 minute', blockDuration: '15 minutes' })
const perAddress = () => limiter.use({ requests: 20, duration: '1 hour', blockDuration: '1 hour' })
const accountFailures = () => limiter.use({ requests: ACCOUNT_FREE_FAILURES, duration: '1 day' })
const accountPause = () => limiter.use({ requests: 1, duration: '15 minutes' })

/** Seconds an account pauses after its n-th failure of the day: 0, then doubling to a cap. */
export function accountPauseSeconds(failures: number) {
  if (failures < ACCOUNT_FREE_FAILURES) return 0
  const minutes = Math.min(2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_PAUSE_MINUTES)
  return minutes * 60
}

function limitsFor(ip: string, email: string) {
  return {
    pair: { limit: perAddressAndEmail(), key: `login_${ip}_${email}` },
    address: { limit: perAddress(), key: `login_ip_${ip}` },
    failures: { limit: accountFailures(), key: `login_account_${email}` },
    pause: { limit: accountPause(), key: `login_pause_${email}` },
  }
}

type LoginLimits = ReturnType<typeof limitsFor>

/** The block that ends last among those in force, as the limiter's error; else null. */
async function activeBlock(limits: LoginLimits) {
  const checked = [limits.pair, limits.address, limits.pause]
  const states = await Promise.all(checked.map(({ limit, key }) => limit.get(key)))
  const blocks = states.filter(
    (state): state is LimiterResponse => state !== null && state.remaining <= 0
  )
  if (blocks.length === 0) return null
  const longest = blocks.reduce((a, b) => (b.availableIn > a.availableIn ? b : a))
  return new limiterErrors.E_TOO_MANY_REQUESTS(longest)
}

async function countAndBlock({ limit, key }: { limit: Limiter; key: string }) {
  const { consumed } = await limit.increment(key)
  if (consumed >= limit.requests) await limit.block(key, limit.blockDuration)
}

async function recordFailure(limits: LoginLimits) {
  const [, , { consumed }] = await Promise.all([
    countAndBlock(limits.pair),
    countAndBlock(limits.address),
    limits.failures.limit.increment(limits.failures.key),
  ])
  const pause = accountPauseSeconds(consumed)
  if (pause > 0) await limits.pause.limit.block(limits.pause.key, pause)
}

async function recordSuccess(limits: LoginLimits) {
  await Promise.all(
    [limits.pair, limits.failures, limits.pause].map(({ limit, key }) => limit.delete(key))
  )
}

/**
 * Checks a sign-in attempt against the limits above, then the credentials.
 * Throws E_INVALID_CREDENTIALS or the limiter's E_TOO_MANY_REQUESTS (with the wait).
 */
export async function attemptLogin(email: string, password: string, ip: string) {
  const normalized = normalizeEmail(email)
  const limits = limitsFor(ip, normalized)
  const blocked = await activeBlock(limits)
  if (blocked) throw blocked
  let user: User
  try {
    user = await User.verifyCredentials(normalized, password)
    if (!user.isActive) {
      throw new authErrors.E_INVALID_CREDENTIALS('This account is deactivated. Ask an admin.')
    }
  } catch (error) {
    if (error instanceof authErrors.E_INVALID_CREDENTIALS) await recordFailure(limits)
    throw error
  }
  await recordSuccess(limits)
  await recordLogin(user)
  return user
}
