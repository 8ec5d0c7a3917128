import limiter from '@adonisjs/limiter/services/main'
import { errors as authErrors } from '@adonisjs/auth'
import User from '#models/user'
import { normalizeEmail, recordLogin } from '#services/accounts/user_service'

/** Failed sign-ins per address and email: 5 tries, then a 15-minute pause. */
const loginLimiter = () =>
  limiter.use({ requests: 5, duration: '1 minute', blockDuration: '15 minutes' })

/**
 * Checks a sign-in attempt. Failures are counted per client address and email
 * (5 per minute, then a 15-minute block); a success clears the count.
 * Throws E_INVALID_CREDENTIALS or the limiter's E_TOO_MANY_REQUESTS.
 */
export async function attemptLogin(email: string, password: string, ip: string) {
  const normalized = normalizeEmail(email)
  const [throttled, user] = await loginLimiter().penalize(`login_${ip}_${normalized}`, async () => {
    const found = await User.verifyCredentials(normalized, password)
    if (!found.isActive) {
      throw new authErrors.E_INVALID_CREDENTIALS('This account is deactivated. Ask an admin.')
    }
    return found
  })
  if (throttled) throw throttled
  await recordLogin(user)
  return user
}
