/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Each group applies its request stack from start/kernel.ts: pages the web
| stack (session, CSRF, visitor cookie), the JSON API its token stack.
|
*/
import { errors } from '@adonisjs/core'
import router from '@adonisjs/core/services/router'
import transmit from '@adonisjs/transmit/services/main'
import { controllers } from '#generated/controllers'
import { middleware, stacks } from '#start/kernel'
import {
  clientKeyThrottle,
  helpSearchThrottle,
  helpVoteThrottle,
  passwordChangeThrottle,
  publicFaqThrottle,
  referralRedirectThrottle,
} from '#start/limiter'
import { CATEGORY_SLUG, EXPERIMENT_REF, FLAG_REF, RECORD_ID } from '#start/route_params'

// Ids and ticket numbers are database integers: any other value matches no route (a 404).
router.where('id', RECORD_ID)
router.where('number', RECORD_ID)

// Live updates: the event stream needs no session; subscribing and unsubscribing are
// POSTs with the page's session and CSRF token, and subscribing needs a signed-in user
// (and passes the channel's authorization in start/transmit.ts).
transmit.registerRoutes((route) => {
  if (route.getPattern() === '__transmit/events') return
  route.use(stacks.live)
  if (route.getPattern() === '__transmit/subscribe') {
    route.use(middleware.auth())
  }
  route.use(middleware.liveSubscription())
})

// Health checks: no middleware, so no body, session or cookie. Liveness only says that the
// process answers: a function, which costs no controller made by the container.
router.get('/health/live', () => ({ status: 'ok' }))
router.get('/health/ready', [controllers.HealthChecks, 'ready'])
router.get('/api/health', [controllers.HealthChecks, 'api'])

// Pages and their htmx partials.
router
  .group(() => {
    router.get('/', [controllers.Home, 'index']).as('home')

    router
      .group(() => {
        router.get('/login', [controllers.Session, 'create'])
        router.post('/login', [controllers.Session, 'store'])
      })
      .use(middleware.guest())

    // The public help center (no sign-in).
    router
      .group(() => {
        // The index searches too (?q=): it shares the search limit.
        router.get('/', [controllers.help.HelpCenter, 'index']).as('index').use(helpSearchThrottle)
        router
          .get('/search', [controllers.help.HelpCenter, 'results'])
          .as('results')
          .use(helpSearchThrottle)
        router
          .get('/suggestions', [controllers.help.HelpCenter, 'suggestions'])
          .as('suggestions')
          .use(helpSearchThrottle)
        router
          .post('/exposure', [controllers.help.HelpCenter, 'exposure'])
          .as('exposure')
          .use(helpSearchThrottle)
        router
          .get('/categories/:slug', [controllers.help.HelpCenter, 'category'])
          .where('slug', CATEGORY_SLUG)
          .as('category')
        router
          .get('/articles/:id/:slug?', [controllers.help.HelpCenter, 'article'])

          .as('article')
        router
          .post('/articles/:id/vote', [controllers.help.HelpCenter, 'vote'])

          .as('vote')
          .use(helpVoteThrottle)
      })
      .prefix('/help')
      .as('help')

    // Tickets from customers: the form, and the signed link that follows one (no account).
    router
      .group(() => {
        router.get('/new', [controllers.help.TicketSubmissions, 'create']).as('create')
        router.post('/', [controllers.help.TicketSubmissions, 'store']).as('store')
        router.get('/thanks', [controllers.help.TicketSubmissions, 'thanks']).as('thanks')
        router
          .post('/deflections', [controllers.help.TicketSubmissions, 'deflect'])
          .as('deflect')
          .use(helpVoteThrottle)
        router
          .group(() => {
            router.get('/', [controllers.help.CustomerTickets, 'show']).as('show')
            router.post('/replies', [controllers.help.CustomerTickets, 'reply']).as('reply')
            router.post('/rating', [controllers.help.CustomerTickets, 'rate']).as('rate')
          })
          .prefix('/:number/:token')
        // A file of the ticket: the signed, expiring address its customer page hands out.
        router.get('/:number/files/:id', [controllers.help.CustomerFiles, 'show']).as('files.show')
      })
      .prefix('/help/tickets')
      .as('help.tickets')

    // A customer whose ticket link expired gets a fresh one by email.
    router
      .get('/help/tickets/link', [controllers.help.TicketLinks, 'create'])
      .as('help.tickets.link.create')
    router
      .post('/help/tickets/link', [controllers.help.TicketLinks, 'store'])
      .as('help.tickets.link.store')

    // Public invite links of the growth loops: count the click, forward to the host product.
    router
      .get('/r/:token', [controllers.growth.ReferralRedirects, 'show'])
      .as('referrals.follow')
      .use(referralRedirectThrottle)

    router.get('/invitations/:id', [controllers.Invitations, 'show']).as('invitations.show')
    router.post('/invitations/:id', [controllers.Invitations, 'store']).as('invitations.store')

    router
      .group(() => {
        router.post('/logout', [controllers.Session, 'destroy'])
        router
          .get('/account/notifications', [controllers.account.NotificationSettings, 'show'])
          .as('account.notifications')
        router
          .put('/account/notifications', [controllers.account.NotificationSettings, 'update'])
          .as('account.notifications.update')
        router.get('/account/alerts', [controllers.account.Alerts, 'index']).as('account.alerts')
        router
          .get('/account/alerts/list', [controllers.account.Alerts, 'list'])
          .as('account.alerts.list')
        router
          .put('/account/password', [controllers.account.Password, 'update'])
          .as('account.password.update')
          .use(passwordChangeThrottle)
        router
          .delete('/account/sessions', [controllers.account.Sessions, 'destroy'])
          .as('account.sessions.destroy')

        router
          .group(() => {
            router
              .get('/tickets/reports', [controllers.support.Reports, 'show'])
              .as('tickets.reports')
          })
          .use(middleware.authorize({ ability: 'staff' }))
        router
          .group(() => {
            router.get('/', [controllers.support.Tickets, 'index']).as('index')
            router.get('/list', [controllers.support.Tickets, 'list']).as('list')
            router.get('/counts', [controllers.support.Tickets, 'counts']).as('counts')
            router.get('/tools', [controllers.support.Tickets, 'tools']).as('tools')
            router.get('/answers', [controllers.support.Tickets, 'answers']).as('answers')
            router.post('/preview', [controllers.support.Tickets, 'preview']).as('preview')
            router
              .group(() => {
                router.get('/', [controllers.support.SavedReplies, 'index']).as('index')
                router.post('/', [controllers.support.SavedReplies, 'store']).as('store')
                router.put('/:id', [controllers.support.SavedReplies, 'update']).as('update')
                router.delete('/:id', [controllers.support.SavedReplies, 'destroy']).as('destroy')
              })
              .prefix('/saved-replies')
              .as('saved_replies')
            router.post('/bulk', [controllers.support.BulkActions, 'store']).as('bulk')
            router.post('/views', [controllers.support.SavedViews, 'store']).as('views.store')
            router
              .delete('/views/:id', [controllers.support.SavedViews, 'destroy'])
              .as('views.destroy')
            router
              .group(() => {
                router.get('/', [controllers.support.Tickets, 'show']).as('show')
                router
                  .get('/conversation', [controllers.support.Tickets, 'conversation'])
                  .as('conversation')
                router.get('/details', [controllers.support.Tickets, 'details']).as('details')
                router.get('/html', [controllers.support.MailHtml, 'show']).as('html')
                router
                  .get('/messages/:id/html', [controllers.support.MailHtml, 'show'])
                  .as('messages.html')
                router
                  .get('/saved-replies', [controllers.support.SavedReplies, 'picker'])
                  .as('saved_replies')
                router
                  .get('/composer-state', [controllers.support.Tickets, 'composerState'])
                  .as('composer_state')
                router.put('/', [controllers.support.Tickets, 'update']).as('update')
                router
                  .put('/preferences', [controllers.support.CustomerPreferences, 'update'])
                  .as('preferences')
                router.post('/messages', [controllers.support.Tickets, 'message']).as('message')
                router.post('/status', [controllers.support.Tickets, 'status']).as('status')
                router.post('/take', [controllers.support.Tickets, 'take']).as('take')
                router
                  .get('/attachments/:id', [controllers.support.Attachments, 'show'])
                  .as('attachments.show')
                router.post('/presence', [controllers.support.Presence, 'update']).as('presence')
                router
                  .post('/presence/leave', [controllers.support.Presence, 'destroy'])
                  .as('presence.leave')
              })
              .prefix('/:number')
          })
          .prefix('/tickets')
          .as('tickets')
          .use(middleware.authorize({ ability: 'staff' }))
        router
          .group(() => {
            router.get('/', [controllers.contacts.Contacts, 'index']).as('index')
            router.get('/table', [controllers.contacts.Contacts, 'table']).as('table')
            router.get('/import', [controllers.contacts.ContactImports, 'show']).as('import.show')
            router
              .post('/import/columns', [controllers.contacts.ContactImports, 'columns'])
              .as('import.columns')
            router
              .post('/import/check', [controllers.contacts.ContactImports, 'check'])
              .as('import.check')
            router
              .post('/import', [controllers.contacts.ContactImports, 'store'])
              .as('import.store')
            router
              .group(() => {
                router.get('/', [controllers.contacts.Audiences, 'index']).as('index')
                router.post('/', [controllers.contacts.Audiences, 'store']).as('store')
                router.post('/count', [controllers.contacts.Audiences, 'count']).as('count')
                router.delete('/:id', [controllers.contacts.Audiences, 'destroy']).as('destroy')
              })
              .prefix('/audiences')
              .as('audiences')
            router.get('/:id', [controllers.contacts.Contacts, 'show']).as('show')
          })
          .prefix('/contacts')
          .where('id', RECORD_ID)
          .as('contacts')
          .use(middleware.authorize({ ability: 'staff' }))
        router
          .group(() => {
            router.get('/', [controllers.knowledge.Faqs, 'index']).as('index')
            router.get('/table', [controllers.knowledge.Faqs, 'table']).as('table')
            router.get('/new', [controllers.knowledge.Faqs, 'create']).as('create')
            router.post('/', [controllers.knowledge.Faqs, 'store']).as('store')
            router.post('/preview', [controllers.knowledge.Faqs, 'preview']).as('preview')
            router.get('/reports', [controllers.knowledge.Reports, 'show']).as('reports')
            router
              .get('/reports/deflection', [controllers.knowledge.Deflection, 'show'])
              .as('reports.deflection')
            router
              .get('/reports/deflection.csv', [controllers.knowledge.Deflection, 'csv'])
              .as('reports.deflection_csv')
            router
              .group(() => {
                router.get('/', [controllers.knowledge.Synonyms, 'show']).as('show')
                router.put('/', [controllers.knowledge.Synonyms, 'update']).as('update')
              })
              .prefix('/synonyms')
              .as('synonyms')
              .use(middleware.authorize({ ability: 'admin' }))
            router
              .group(() => {
                router.get('/', [controllers.knowledge.Categories, 'index']).as('index')
                router.post('/', [controllers.knowledge.Categories, 'store']).as('store')
                router.put('/:id', [controllers.knowledge.Categories, 'update']).as('update')
                router.delete('/:id', [controllers.knowledge.Categories, 'destroy']).as('destroy')
              })
              .prefix('/categories')
              .as('categories')
            router.get('/:id/edit', [controllers.knowledge.Faqs, 'edit']).as('edit')
            router.put('/:id', [controllers.knowledge.Faqs, 'update']).as('update')
            router
              .post('/:id/:action', [controllers.knowledge.Faqs, 'publish'])
              .where('action', /^(publish|unpublish)$/)
              .as('publish')
            router.delete('/:id', [controllers.knowledge.Faqs, 'destroy']).as('destroy')
          })
          .prefix('/knowledge')
          .as('knowledge')
          .use(middleware.authorize({ ability: 'staff' }))
        router
          .group(() => {
            router.get('/', [controllers.experiments.Experiments, 'index']).as('index')
            router.get('/table', [controllers.experiments.Experiments, 'table']).as('table')
            router.get('/new', [controllers.experiments.Experiments, 'create']).as('create')
            router.post('/', [controllers.experiments.Experiments, 'store']).as('store')
            router
              .get('/sample-size', [controllers.experiments.SampleSize, 'show'])
              .as('sample_size')
            router.get('/calculator', [controllers.experiments.SampleSize, 'page']).as('calculator')
            router
              .group(() => {
                router.get('/', [controllers.experiments.Results, 'index']).as('index')
                router
                  .get('/overview', [controllers.experiments.Results, 'overviewPanel'])
                  .as('overview')
                router.get('/:id', [controllers.experiments.Results, 'show']).as('show')
                router.get('/:id/panel', [controllers.experiments.Results, 'panel']).as('panel')
                router
                  .get('/:id/export/results', [controllers.experiments.Results, 'csv'])
                  .as('csv')
                router
                  .get('/:id/export/daily', [controllers.experiments.Results, 'dailyCsv'])
                  .as('daily_csv')
                router
                  .post('/:id/recompute', [controllers.experiments.Results, 'recompute'])
                  .as('recompute')
              })
              .prefix('/results')
              .as('results')
            router
              .group(() => {
                router.get('/', [controllers.experiments.FeatureFlags, 'index']).as('index')
                router.get('/new', [controllers.experiments.FeatureFlags, 'create']).as('create')
                router.post('/', [controllers.experiments.FeatureFlags, 'store']).as('store')
                router.get('/:id/edit', [controllers.experiments.FeatureFlags, 'edit']).as('edit')
                router.put('/:id', [controllers.experiments.FeatureFlags, 'update']).as('update')
                router
                  .post('/:id/toggle', [controllers.experiments.FeatureFlags, 'toggle'])
                  .as('toggle')
                router
                  .post('/:id/experiment', [controllers.experiments.FeatureFlags, 'convert'])
                  .as('convert')
                router
                  .delete('/:id', [controllers.experiments.FeatureFlags, 'destroy'])
                  .as('destroy')
              })
              .prefix('/flags')
              .where('id', RECORD_ID)
              .as('flags')
            router
              .group(() => {
                router.get('/', [controllers.experiments.Templates, 'index']).as('index')
                router.get('/new', [controllers.experiments.Templates, 'create']).as('create')
                router.post('/', [controllers.experiments.Templates, 'store']).as('store')
                router.delete('/:id', [controllers.experiments.Templates, 'destroy']).as('destroy')
              })
              .prefix('/templates')
              .where('id', RECORD_ID)
              .as('templates')
            router
              .group(() => {
                router.get('/', [controllers.experiments.Metrics, 'index']).as('index')
                router.get('/new', [controllers.experiments.Metrics, 'create']).as('create')
                router.post('/', [controllers.experiments.Metrics, 'store']).as('store')
                router.get('/:id/edit', [controllers.experiments.Metrics, 'edit']).as('edit')
                router.put('/:id', [controllers.experiments.Metrics, 'update']).as('update')
              })
              .prefix('/metrics')
              .where('id', RECORD_ID)
              .as('metrics')
            router
              .get('/:id', [controllers.experiments.Experiments, 'show'])
              .where('id', RECORD_ID)
              .as('show')

            router
              .get('/:id/assignments', [controllers.experiments.Experiments, 'assignments'])
              .as('assignments')
            router.get('/:id/audit', [controllers.experiments.Experiments, 'auditLog']).as('audit')
            router.get('/:id/edit', [controllers.experiments.Experiments, 'edit']).as('edit')
            router.put('/:id', [controllers.experiments.Experiments, 'update']).as('update')
            router.delete('/:id', [controllers.experiments.Experiments, 'destroy']).as('destroy')
            router
              .post('/:id/archive', [controllers.experiments.Experiments, 'archive'])
              .as('archive')
            router
              .post('/:id/unarchive', [controllers.experiments.Experiments, 'unarchive'])
              .as('unarchive')
            router
              .post('/:id/:action', [controllers.experiments.Experiments, 'lifecycle'])
              .where('action', /^(start|pause|resume|complete)$/)
              .as('lifecycle')
          })
          .prefix('/experiments')
          .where('id', EXPERIMENT_REF)
          .as('experiments')
          .use(middleware.authorize({ ability: 'admin' }))
        router
          .get('/dashboard/experiments', ({ response }) =>
            response.redirect('/experiments/results')
          )
          .use(middleware.authorize({ ability: 'admin' }))
        router
          .get('/dashboard/experiments/:id', ({ params, response }) =>
            response.redirect(`/experiments/results/${params.id}`)
          )
          .where('id', EXPERIMENT_REF)
          .use(middleware.authorize({ ability: 'admin' }))
        // Growth: the K-factor dashboard, its live sections and CSV exports (docs/growth.md).
        router
          .group(() => {
            router.get('/', [controllers.growth.Dashboard, 'index']).as('index')
            router.get('/panels', [controllers.growth.Dashboard, 'panels']).as('panels')
            router
              .get('/sections/:section', [controllers.growth.Dashboard, 'section'])
              .where('section', /^(summary|loops|referrers|timeline|cohorts|funnel|loop_filter)$/)
              .as('section')
            router
              .get('/export/:table', [controllers.growth.Dashboard, 'csv'])
              .where('table', /^(loops|efficiency|referrers|timeline|cohorts|funnel)$/)
              .as('csv')
          })
          .prefix('/dashboard/k-factor')
          .as('growth')
          .use(middleware.authorize({ ability: 'admin' }))
        // Campaigns: list, create flow, live results, kill switch (docs/campaigns.md).
        router
          .group(() => {
            router.get('/', [controllers.campaigns.Campaigns, 'index']).as('index')
            router.get('/list', [controllers.campaigns.Campaigns, 'list']).as('list')
            router.get('/new', [controllers.campaigns.Campaigns, 'create']).as('create')
            router.post('/', [controllers.campaigns.Campaigns, 'store']).as('store')
            router.post('/preview', [controllers.campaigns.Campaigns, 'preview']).as('preview')
            router
              .get('/audience-count', [controllers.campaigns.Campaigns, 'audienceCount'])
              .as('audience_count')
            router.post('/pause', [controllers.campaigns.Campaigns, 'pause']).as('pause')
            router.post('/resume', [controllers.campaigns.Campaigns, 'resume']).as('resume')
            router.get('/:id', [controllers.campaigns.Campaigns, 'show']).as('show')
            router.get('/:id/results', [controllers.campaigns.Campaigns, 'results']).as('results')
            router.get('/:id/export.csv', [controllers.campaigns.Campaigns, 'csv']).as('csv')
            router.post('/:id/send', [controllers.campaigns.Campaigns, 'send']).as('send')
            router
              .post('/:id/identify-winner', [controllers.campaigns.Campaigns, 'identifyWinner'])
              .as('identify_winner')
            router.post('/:id/winner', [controllers.campaigns.Campaigns, 'winner']).as('winner')
          })
          .prefix('/campaigns')
          .as('campaigns')
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

            router.get('/sla', [controllers.admin.Sla, 'show']).as('admin.sla.show')
            router.put('/sla', [controllers.admin.Sla, 'update']).as('admin.sla.update')

            router
              .get('/tokens', [controllers.admin.AccessTokens, 'index'])
              .as('admin.access_tokens.index')
            router
              .post('/tokens', [controllers.admin.AccessTokens, 'store'])
              .as('admin.access_tokens.store')
            router
              .delete('/tokens/:id', [controllers.admin.AccessTokens, 'destroy'])
              .as('admin.access_tokens.destroy')

            router
              .get('/mailboxes', [controllers.admin.Mailboxes, 'index'])
              .as('admin.mailboxes.index')
            router
              .post('/mailboxes', [controllers.admin.Mailboxes, 'store'])
              .as('admin.mailboxes.store')
            router
              .get('/mailboxes/:id', [controllers.admin.Mailboxes, 'edit'])
              .as('admin.mailboxes.edit')
            router
              .put('/mailboxes/:id', [controllers.admin.Mailboxes, 'update'])
              .as('admin.mailboxes.update')
            router
              .post('/mailboxes/:id/fetch', [controllers.admin.Mailboxes, 'fetch'])
              .as('admin.mailboxes.fetch')
            router
              .delete('/mailboxes/:id', [controllers.admin.Mailboxes, 'destroy'])
              .as('admin.mailboxes.destroy')
            router
              .get('/mail-quarantine', [controllers.admin.MailQuarantine, 'index'])
              .as('admin.mail_quarantine.index')
            router
              .post('/mail-quarantine/:id/retry', [controllers.admin.MailQuarantine, 'retry'])
              .as('admin.mail_quarantine.retry')
            router
              .delete('/mail-quarantine/:id', [controllers.admin.MailQuarantine, 'destroy'])
              .as('admin.mail_quarantine.destroy')
          })
          .prefix('/admin')
          .use(middleware.authorize({ ability: 'admin' }))
        router
          .group(() => {
            router.get('/', [controllers.admin.Notifications, 'index']).as('index')
            router.get('/list', [controllers.admin.Notifications, 'list']).as('list')
            router.get('/outbox', [controllers.admin.Outbox, 'index']).as('outbox.index')
            router.get('/sms-outbox', [controllers.admin.SmsOutbox, 'index']).as('sms_outbox.index')
            router.get('/outbox/:id', [controllers.admin.Outbox, 'show']).as('outbox.show')
            router.get('/outbox/:id/html', [controllers.admin.Outbox, 'html']).as('outbox.html')
            router.get('/:id', [controllers.admin.Notifications, 'show']).as('show')
            router.get('/:id/preview', [controllers.admin.Notifications, 'preview']).as('preview')
            router.post('/:id/retry', [controllers.admin.Notifications, 'retry']).as('retry')
          })
          .prefix('/admin/notifications')
          .as('admin.notifications')
          .use(middleware.authorize({ ability: 'admin' }))
      })
      .use(middleware.auth())
  })
  .use(stacks.web)

// Email preferences through the signed link in every mail (no account).
router
  .group(() => {
    router
      .group(() => {
        router.get('/', [controllers.help.NotificationPreferences, 'show']).as('show')
        router.post('/', [controllers.help.NotificationPreferences, 'update']).as('update')
        router
          .get('/unsubscribe', [controllers.help.NotificationPreferences, 'confirmUnsubscribe'])
          .as('unsubscribe.confirm')
      })
      .use(stacks.web)
    // Unsubscribing: from the page, and as the RFC 8058 one-click POST that the mail
    // provider sends without a session or CSRF token.
    router
      .post('/unsubscribe', [controllers.help.NotificationPreferences, 'unsubscribe'])
      .as('unsubscribe')
      .use(stacks.webWithoutCsrf)
  })
  .prefix('/preferences/:token')
  .as('preferences')

// The JSON API and OFREP: bearer tokens, no session or cookie.
// /api/me names the token's owner: a public browser client key must not reveal it.
router
  .get('/api/me', [controllers.api.Me, 'show'])
  .as('api.me')
  .use([...stacks.api, middleware.apiAuth({ serverOnly: true })])

// Experiments API (docs/api.md). Each route names the token ability it needs.
router
  .group(() => {
    // Fixed paths before `/:id`, which would take them for an experiment's key.
    router
      .get('/active', [controllers.api.Experiments, 'active'])
      .as('active')
      .use([...stacks.browserApi, middleware.apiAuth({ ability: 'evaluate' }), clientKeyThrottle])
    router
      .get('/sample-size', [controllers.api.SampleSize, 'show'])
      .as('sample_size')
      .use([...stacks.api, middleware.apiAuth({ ability: 'manage' })])
    router
      .group(() => {
        router.get('/', [controllers.api.Experiments, 'index']).as('index')
        router.post('/', [controllers.api.Experiments, 'store']).as('store')
        router.get('/:id', [controllers.api.Experiments, 'show']).as('show')
        router
          .post('/from-flag/:flagKey', [controllers.api.Experiments, 'fromFlag'])
          .where('flagKey', FLAG_REF)
          .as('from_flag')
        router.get('/:id/results', [controllers.api.Experiments, 'results']).as('results')
        router.post('/:id/recompute', [controllers.api.Experiments, 'recompute']).as('recompute')
        router.put('/:id', [controllers.api.Experiments, 'update']).as('update')
        router.patch('/:id', [controllers.api.Experiments, 'update']).as('patch')
        router.post('/:id/archive', [controllers.api.Experiments, 'archive']).as('archive')
        router.post('/:id/unarchive', [controllers.api.Experiments, 'unarchive']).as('unarchive')
        router.delete('/:id', [controllers.api.Experiments, 'destroy']).as('destroy')
        router
          .post('/:id/:action', [controllers.api.Experiments, 'lifecycle'])
          .where('action', /^(start|pause|resume|complete)$/)
          .as('lifecycle')
      })
      .use([...stacks.api, middleware.apiAuth({ ability: 'manage' })])
    router
      .group(() => {
        router.post('/assignments', [controllers.api.Assignments, 'store']).as('assignments')
        router
          .post('/assignments/lookup', [controllers.api.Assignments, 'lookup'])
          .as('assignments_lookup')
        router.post('/feature-flag', [controllers.api.FeatureFlags, 'evaluate']).as('feature_flag')
      })
      .use([...stacks.browserApi, middleware.apiAuth({ ability: 'evaluate' }), clientKeyThrottle])
    // Many subjects at once: for servers (a public browser key could enrol anyone in bulk).
    router
      .post('/assignments/bulk', [controllers.api.Assignments, 'bulk'])
      .as('assignments_bulk')
      .use([...stacks.api, middleware.apiAuth({ ability: 'evaluate', serverOnly: true })])
    router
      .group(() => {
        router.post('/exposures', [controllers.api.Assignments, 'expose']).as('exposures')
        router.post('/track', [controllers.api.Events, 'track']).as('track')
        router.post('/track/batch', [controllers.api.Events, 'batch']).as('track_batch')
      })
      .use([
        ...stacks.browserApi,
        middleware.apiAuth({ ability: 'track', allowKeyInQuery: true }),
        clientKeyThrottle,
      ])
  })
  .prefix('/api/experiments')
  .where('id', EXPERIMENT_REF)
  .as('api.experiments')

// Campaigns API (docs/api.md, the seed's contract): `manage`; conversions `track`.
router
  .post('/api/campaigns/conversions', [controllers.api.Campaigns, 'conversion'])
  .as('api.campaigns.conversions')
  .use([...stacks.api, middleware.apiAuth({ ability: 'track', serverOnly: true })])
router
  .group(() => {
    router.get('/', [controllers.api.Campaigns, 'index']).as('index')
    router.post('/ab-test', [controllers.api.Campaigns, 'store']).as('store')
    router.get('/:id', [controllers.api.Campaigns, 'show']).as('show')
    router.post('/:id/recipients', [controllers.api.Campaigns, 'recipients']).as('recipients')
    router.post('/:id/send', [controllers.api.Campaigns, 'send']).as('send')
    router.get('/:id/ab-results', [controllers.api.Campaigns, 'results']).as('results')
    router.get('/:id/time-series', [controllers.api.Campaigns, 'series']).as('series')
    router
      .post('/:id/identify-winner', [controllers.api.Campaigns, 'identifyWinner'])
      .as('identify_winner')
    router.post('/:id/winner', [controllers.api.Campaigns, 'winner']).as('winner')
    router
      .get('/:id/contacts/:contactId/variant', [controllers.api.Campaigns, 'variant'])
      .as('variant')
  })
  .prefix('/api/campaigns')
  .as('api.campaigns')
  .use([...stacks.api, middleware.apiAuth({ ability: 'manage' })])

// Campaign recipients' tracked links and open pixel: nothing but the controller (no
// session or cookie; mail clients, phones and link scanners open them).
router.get('/c/:token/:index?', [controllers.CampaignTracking, 'click']).as('campaigns.click')
router.get('/o/:pixel', [controllers.CampaignTracking, 'open']).as('campaigns.open')

// Experiment templates API (docs/api.md).
router
  .group(() => {
    router.get('/', [controllers.api.ExperimentTemplates, 'index']).as('index')
    router.post('/', [controllers.api.ExperimentTemplates, 'store']).as('store')
    router.delete('/:id', [controllers.api.ExperimentTemplates, 'destroy']).as('destroy')
  })
  .prefix('/api/experiment-templates')
  .where('id', RECORD_ID)
  .as('api.experiment_templates')
  .use([...stacks.api, middleware.apiAuth({ ability: 'manage' })])

// Growth API: referral links, their funnel steps and growth subjects (docs/api.md).
// Server-to-server only: a public browser key could fake conversions.
router
  .group(() => {
    router.post('/links', [controllers.api.ReferralLinks, 'store']).as('links.store')
    router.get('/links/:token', [controllers.api.ReferralLinks, 'show']).as('links.show')
    router.post('/links/:token/click', [controllers.api.ReferralLinks, 'click']).as('links.click')
    router
      .post('/links/:token/signup', [controllers.api.ReferralLinks, 'signup'])
      .as('links.signup')
    router
      .post('/links/:token/first-value', [controllers.api.ReferralLinks, 'firstValue'])
      .as('links.first_value')
    router.post('/subjects', [controllers.api.ReferralLinks, 'subject']).as('subjects.store')
  })
  .prefix('/api/growth')
  .as('api.growth')
  .use([...stacks.api, middleware.apiAuth({ ability: 'track', serverOnly: true })])

// Knowledge base API: public reads, writes with the `support` ability (docs/api.md).
router
  .group(() => {
    router
      .group(() => {
        router.get('/', [controllers.api.Faqs, 'index']).as('index')
        router.get('/categories/stats', [controllers.api.Faqs, 'categoryStats']).as('stats')
        router.get('/suggestions', [controllers.api.Faqs, 'suggestions']).as('suggestions')
        router.get('/:id', [controllers.api.Faqs, 'show']).as('show')
      })
      .use([middleware.apiAuth({ optional: true }), publicFaqThrottle])
    router
      .group(() => {
        router.post('/', [controllers.api.Faqs, 'store']).as('store')
        router.put('/:id', [controllers.api.Faqs, 'update']).as('update')
        router.patch('/:id', [controllers.api.Faqs, 'update']).as('patch')
        router.delete('/:id', [controllers.api.Faqs, 'destroy']).as('destroy')
      })
      .use(middleware.apiAuth({ ability: 'support' }))
  })
  .prefix('/api/faqs')
  .as('api.faqs')
  .use(stacks.api)

// Tickets API: every route needs the `support` ability (docs/api.md).
router
  .group(() => {
    router.get('/', [controllers.api.Tickets, 'index']).as('index')
    router.post('/', [controllers.api.Tickets, 'store']).as('store')
    router.get('/:id', [controllers.api.Tickets, 'show']).as('show')
    router.put('/:id', [controllers.api.Tickets, 'update']).as('update')
    router.patch('/:id', [controllers.api.Tickets, 'update']).as('patch')
    router
      .get('/:id/history', [controllers.api.Tickets, 'history'])

      .as('history')
    router
      .get('/:id/messages', [controllers.api.Tickets, 'messages'])

      .as('messages')
    router
      .post('/:id/messages', [controllers.api.Tickets, 'storeMessage'])

      .as('messages.store')
    router
      .get('/:id/attachments/:attachmentId', [controllers.api.Tickets, 'attachment'])
      .where('attachmentId', RECORD_ID)
      .as('attachments.show')
    router
      .get('/:id/notifications', [controllers.api.Tickets, 'notifications'])

      .as('notifications')
  })
  .prefix('/api/tickets')
  .as('api.tickets')
  .use([...stacks.api, middleware.apiAuth({ ability: 'support' })])

// Inbound email as raw MIME, forwarded by a mail provider: the `inbound` ability
// (docs/help-desk.md). The body parser leaves message/rfc822 unread for the controller.
router
  .post('/api/inbound/email', [controllers.api.InboundEmails, 'store'])
  .as('api.inbound.email')
  .use([...stacks.api, middleware.apiAuth({ ability: 'inbound', serverOnly: true })])

// Contacts API (docs/api.md): the `manage` ability. Creating and importing read bodies
// up to 8 MB themselves (10,000 contacts).
router
  .group(() => {
    router
      .group(() => {
        router.get('/', [controllers.api.Contacts, 'index']).as('index')
        router.get('/:id', [controllers.api.Contacts, 'show']).as('show')
        router.put('/:id', [controllers.api.Contacts, 'update']).as('update')
        router.delete('/:id', [controllers.api.Contacts, 'destroy']).as('destroy')
      })
      .use([...stacks.api, middleware.apiAuth({ ability: 'manage' })])
    router
      .group(() => {
        router.post('/', [controllers.api.Contacts, 'store']).as('store')
        router.post('/import', [controllers.api.Contacts, 'import']).as('import')
      })
      .use([...stacks.apiLargeBody, middleware.apiAuth({ ability: 'manage' })])
  })
  .prefix('/api/contacts')
  .where('id', RECORD_ID)
  .as('api.contacts')

// Inbound SMS and delivery statuses from the providers, verified by their signatures (docs/api.md).
router
  .group(() => {
    router.post('/twilio', [controllers.api.SmsWebhooks, 'twilio']).as('twilio')
    router.post('/twilio/status', [controllers.api.SmsWebhooks, 'twilioStatus']).as('twilio.status')
    router.post('/openphone', [controllers.api.SmsWebhooks, 'openphone']).as('openphone')
  })
  .prefix('/api/webhooks')
  .as('api.webhooks')
  .use(stacks.webhooks)

// Notification preferences API: the `support` ability (docs/api.md).
router
  .group(() => {
    router.get('/stats/summary', [controllers.api.Preferences, 'summary']).as('summary')
    router.get('/:email', [controllers.api.Preferences, 'show']).as('show')
    router.post('/', [controllers.api.Preferences, 'store']).as('store')
  })
  .prefix('/api/preferences')
  .as('api.preferences')
  .use([...stacks.api, middleware.apiAuth({ ability: 'support' })])

// OpenFeature Remote Evaluation Protocol.
router
  .group(() => {
    router.post('/flags/:key', [controllers.Ofrep, 'evaluateOne']).as('one')
    router.post('/flags', [controllers.Ofrep, 'evaluateAll']).as('all')
  })
  .prefix('/ofrep/v1/evaluate')
  .as('ofrep')
  .use([...stacks.browserApi, middleware.apiAuth({ ability: 'evaluate' }), clientKeyThrottle])

// CORS preflights (OPTIONS, without a token) of the browser endpoints above: the cors
// middleware answers them; one it lets through (CORS off, no Origin) finds no endpoint.
for (const path of [
  '/api/experiments/assignments',
  '/api/experiments/assignments/lookup',
  '/api/experiments/active',
  '/api/experiments/feature-flag',
  '/api/experiments/exposures',
  '/api/experiments/track',
  '/api/experiments/track/batch',
  '/ofrep/v1/evaluate/flags/:key',
  '/ofrep/v1/evaluate/flags',
]) {
  router
    .route(path, ['OPTIONS'], ({ request }) => {
      throw new errors.E_ROUTE_NOT_FOUND([request.method(), request.url()])
    })
    .use(stacks.preflight)
}
