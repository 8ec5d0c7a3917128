/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import transmit from '@adonisjs/transmit/services/main'
import { controllers } from '#generated/controllers'
import { middleware } from '#start/kernel'

// Live updates: the event stream is open; subscribing to a channel needs a session
// (and passes the channel's authorization in start/transmit.ts).
transmit.registerRoutes((route) => {
  if (route.getPattern() === '__transmit/subscribe') {
    route.middleware(middleware.auth())
  }
})

router.get('/health/live', [controllers.HealthChecks, 'live'])
router.get('/health/ready', [controllers.HealthChecks, 'ready'])

router.get('/', [controllers.Home, 'index']).as('home')

router
  .group(() => {
    router.get('/login', [controllers.Session, 'create'])
    router.post('/login', [controllers.Session, 'store'])
  })
  .use(middleware.guest())

router.get('/invitations/:id', [controllers.Invitations, 'show']).as('invitations.show')
router.post('/invitations/:id', [controllers.Invitations, 'store']).as('invitations.store')

router
  .group(() => {
    router.post('/logout', [controllers.Session, 'destroy'])

    // Areas that later work fills in; each says so honestly.
    router
      .on('/tickets')
      .render('pages/coming_soon', { area: 'inbox' })
      .as('tickets.index')
      .use(middleware.authorize({ ability: 'staff' }))
    router
      .on('/knowledge')
      .render('pages/coming_soon', { area: 'knowledge' })
      .as('knowledge.index')
      .use(middleware.authorize({ ability: 'staff' }))
    router
      .on('/experiments')
      .render('pages/coming_soon', { area: 'experiments' })
      .as('experiments.index')
      .use(middleware.authorize({ ability: 'admin' }))
    router
      .on('/dashboard/k-factor')
      .render('pages/coming_soon', { area: 'growth' })
      .as('growth.index')
      .use(middleware.authorize({ ability: 'admin' }))

    router
      .group(() => {
        router.get('/users', [controllers.admin.Users, 'index']).as('admin.users.index')
        router.get('/users/table', [controllers.admin.Users, 'table']).as('admin.users.table')
        router.get('/users/new', [controllers.admin.Users, 'create']).as('admin.users.create')
        router.post('/users', [controllers.admin.Users, 'store']).as('admin.users.store')
        router
          .put('/users/:id/role', [controllers.admin.Users, 'updateRole'])
          .as('admin.users.role')
        router
          .post('/users/:id/deactivate', [controllers.admin.Users, 'deactivate'])
          .as('admin.users.deactivate')
        router
          .post('/users/:id/reactivate', [controllers.admin.Users, 'reactivate'])
          .as('admin.users.reactivate')
        router
          .post('/users/:id/invitation', [controllers.admin.Users, 'reinvite'])
          .as('admin.users.reinvite')

        router
          .get('/tokens', [controllers.admin.AccessTokens, 'index'])
          .as('admin.access_tokens.index')
        router
          .post('/tokens', [controllers.admin.AccessTokens, 'store'])
          .as('admin.access_tokens.store')
        router
          .delete('/tokens/:id', [controllers.admin.AccessTokens, 'destroy'])
          .as('admin.access_tokens.destroy')
      })
      .prefix('/admin')
      .use(middleware.authorize({ ability: 'admin' }))
  })
  .use(middleware.auth())

router
  .group(() => {
    router.get('/me', [controllers.api.Me, 'show']).as('api.me')
  })
  .prefix('/api')
  .use(middleware.apiAuth())
