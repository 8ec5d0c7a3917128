import { errors as authErrors } from '@adonisjs/auth'
import User from '#models/user'
import { normalizeEmail, recordLogin } from '#services/accounts/user_service'
import { LoginAttempt } from '#services/accounts/login_limits'

/**
 * Checks a sign-in attempt within the sign-in limits (login_limits.ts), then the
 * credentials. Throws E_INVALID_CREDENTIALS or the limiter's E_TOO_MANY_REQUESTS (with
 * the wait).
 */
export async function attemptLogin(email: string, password: string, ip: string) {
  const normalized = normalizeEmail(email)
  const attempt = await LoginAttempt.begin(ip, normalized)
  let user: User
  try {
    user = await User.verifyCredentials(normalized, password)
    if (!user.isActive) {
      throw new authErrors.E_INVALID_CREDENTIALS('This account is deactivated. Ask an admin.')
    }
  } catch (error) {
    if (error instanceof authErrors.E_INVALID_CREDENTIALS) await attempt.failed()
    else await attempt.abandoned()
    throw error
  }
  await attempt.succeeded()
  await recordLogin(user)
  return user
}
