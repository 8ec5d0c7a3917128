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
import type { HttpContext } from '@adonisjs/core/http'
import transmit from '@adonisjs/transmit/services/main'
import { LIVE_CHANNELS } from '#services/live'

const isAdmin = (ctx: HttpContext) => ctx.auth.user?.role === 'admin' && ctx.auth.user.isActive

const isStaff = (ctx: HttpContext) =>
  Boolean(ctx.auth.user?.isActive && ['admin', 'agent'].includes(ctx.auth.user.role))

transmit.authorize(LIVE_CHANNELS.adminUsers, isAdmin)
transmit.authorize(LIVE_CHANNELS.knowledge, isStaff)
transmit.authorize(LIVE_CHANNELS.tickets, isStaff)
transmit.authorize<{ number: string }>('support/tickets/:number', isStaff)
transmit.authorize(LIVE_CHANNELS.experiments, isAdmin)
transmit.authorize(LIVE_CHANNELS.flags, isAdmin)
transmit.authorize<{ id: string }>('admin/experiments/:id', isAdmin)
transmit.authorize(LIVE_CHANNELS.growth, isAdmin)
transmit.authorize(LIVE_CHANNELS.campaigns, isAdmin)
transmit.authorize<{ id: string }>('admin/campaigns/:id', isAdmin)
// Each alerts page re-fetches its own person's alerts: the message names nobody.
transmit.authorize(LIVE_CHANNELS.alerts, (ctx) => Boolean(ctx.auth.user?.isActive))
transmit.authorize(LIVE_CHANNELS.contacts, isStaff)
