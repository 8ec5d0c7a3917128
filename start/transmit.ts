/*
|--------------------------------------------------------------------------
| Live channels (Transmit / server-sent events)
|--------------------------------------------------------------------------
|
| A message on a channel only says "this changed"; pages re-fetch their own
| partials, so what a person may see is decided by the partial's route.
| Channels listed here are restricted at subscription time.
|
*/
import transmit from '@adonisjs/transmit/services/main'
import { LIVE_CHANNELS } from '#services/live/channels'

transmit.authorize(LIVE_CHANNELS.adminUsers, (ctx) => ctx.auth.user?.role === 'admin')
