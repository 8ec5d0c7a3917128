/*
|--------------------------------------------------------------------------
| HTTP rate limiters
|--------------------------------------------------------------------------
*/
import limiter from '@adonisjs/limiter/services/main'

/** Failed sign-ins per address and email: 5 tries, then a 15-minute pause. */
export const loginLimiter = limiter.use({
  requests: 5,
  duration: '1 minute',
  blockDuration: '15 minutes',
})
