import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'health_checks.api': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'help.index': { paramsTuple?: []; params?: {} }
    'help.results': { paramsTuple?: []; params?: {} }
    'help.suggestions': { paramsTuple?: []; params?: {} }
    'help.exposure': { paramsTuple?: []; params?: {} }
    'help.category': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'help.article': { paramsTuple: [ParamValue,ParamValue?]; params: {'id': ParamValue,'slug'?: ParamValue} }
    'help.vote': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'help.tickets.create': { paramsTuple?: []; params?: {} }
    'help.tickets.store': { paramsTuple?: []; params?: {} }
    'help.tickets.thanks': { paramsTuple?: []; params?: {} }
    'help.tickets.deflect': { paramsTuple?: []; params?: {} }
    'help.tickets.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.reply': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.rate': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.files.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'help.tickets.link.create': { paramsTuple?: []; params?: {} }
    'help.tickets.link.store': { paramsTuple?: []; params?: {} }
    'referrals.follow': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'invitations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'account.notifications': { paramsTuple?: []; params?: {} }
    'account.notifications.update': { paramsTuple?: []; params?: {} }
    'account.alerts': { paramsTuple?: []; params?: {} }
    'account.alerts.list': { paramsTuple?: []; params?: {} }
    'account.password.update': { paramsTuple?: []; params?: {} }
    'account.sessions.destroy': { paramsTuple?: []; params?: {} }
    'tickets.reports': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.list': { paramsTuple?: []; params?: {} }
    'tickets.counts': { paramsTuple?: []; params?: {} }
    'tickets.tools': { paramsTuple?: []; params?: {} }
    'tickets.answers': { paramsTuple?: []; params?: {} }
    'tickets.preview': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.index': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.store': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.saved_replies.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.bulk': { paramsTuple?: []; params?: {} }
    'tickets.views.store': { paramsTuple?: []; params?: {} }
    'tickets.views.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.conversation': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.details': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.html': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.messages.html': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'tickets.saved_replies': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.composer_state': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.preferences': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.message': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.status': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.take': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'tickets.presence': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.presence.leave': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.table': { paramsTuple?: []; params?: {} }
    'contacts.import.show': { paramsTuple?: []; params?: {} }
    'contacts.import.columns': { paramsTuple?: []; params?: {} }
    'contacts.import.check': { paramsTuple?: []; params?: {} }
    'contacts.import.store': { paramsTuple?: []; params?: {} }
    'contacts.audiences.index': { paramsTuple?: []; params?: {} }
    'contacts.audiences.store': { paramsTuple?: []; params?: {} }
    'contacts.audiences.count': { paramsTuple?: []; params?: {} }
    'contacts.audiences.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'knowledge.table': { paramsTuple?: []; params?: {} }
    'knowledge.create': { paramsTuple?: []; params?: {} }
    'knowledge.store': { paramsTuple?: []; params?: {} }
    'knowledge.preview': { paramsTuple?: []; params?: {} }
    'knowledge.reports': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection_csv': { paramsTuple?: []; params?: {} }
    'knowledge.synonyms.show': { paramsTuple?: []; params?: {} }
    'knowledge.synonyms.update': { paramsTuple?: []; params?: {} }
    'knowledge.categories.index': { paramsTuple?: []; params?: {} }
    'knowledge.categories.store': { paramsTuple?: []; params?: {} }
    'knowledge.categories.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.categories.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.publish': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'knowledge.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'experiments.table': { paramsTuple?: []; params?: {} }
    'experiments.create': { paramsTuple?: []; params?: {} }
    'experiments.store': { paramsTuple?: []; params?: {} }
    'experiments.sample_size': { paramsTuple?: []; params?: {} }
    'experiments.calculator': { paramsTuple?: []; params?: {} }
    'experiments.results.index': { paramsTuple?: []; params?: {} }
    'experiments.results.overview': { paramsTuple?: []; params?: {} }
    'experiments.results.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.panel': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.daily_csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.recompute': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.index': { paramsTuple?: []; params?: {} }
    'experiments.flags.create': { paramsTuple?: []; params?: {} }
    'experiments.flags.store': { paramsTuple?: []; params?: {} }
    'experiments.flags.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.toggle': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.convert': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.templates.index': { paramsTuple?: []; params?: {} }
    'experiments.templates.create': { paramsTuple?: []; params?: {} }
    'experiments.templates.store': { paramsTuple?: []; params?: {} }
    'experiments.templates.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.metrics.index': { paramsTuple?: []; params?: {} }
    'experiments.metrics.create': { paramsTuple?: []; params?: {} }
    'experiments.metrics.store': { paramsTuple?: []; params?: {} }
    'experiments.metrics.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.metrics.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.assignments': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.audit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.unarchive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.lifecycle': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'growth.panels': { paramsTuple?: []; params?: {} }
    'growth.section': { paramsTuple: [ParamValue]; params: {'section': ParamValue} }
    'growth.csv': { paramsTuple: [ParamValue]; params: {'table': ParamValue} }
    'campaigns.index': { paramsTuple?: []; params?: {} }
    'campaigns.list': { paramsTuple?: []; params?: {} }
    'campaigns.create': { paramsTuple?: []; params?: {} }
    'campaigns.store': { paramsTuple?: []; params?: {} }
    'campaigns.preview': { paramsTuple?: []; params?: {} }
    'campaigns.audience_count': { paramsTuple?: []; params?: {} }
    'campaigns.pause': { paramsTuple?: []; params?: {} }
    'campaigns.resume': { paramsTuple?: []; params?: {} }
    'campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.identify_winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.users.role': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reinvite': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.sla.show': { paramsTuple?: []; params?: {} }
    'admin.sla.update': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.store': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mailboxes.index': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.store': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mailboxes.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mailboxes.fetch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mailboxes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.index': { paramsTuple?: []; params?: {} }
    'admin.mail_quarantine.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.list': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.sms_outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.outbox.html': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.preview': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'preferences.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.unsubscribe.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.unsubscribe': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.me': { paramsTuple?: []; params?: {} }
    'api.experiments.active': { paramsTuple?: []; params?: {} }
    'api.experiments.sample_size': { paramsTuple?: []; params?: {} }
    'api.experiments.index': { paramsTuple?: []; params?: {} }
    'api.experiments.store': { paramsTuple?: []; params?: {} }
    'api.experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.from_flag': { paramsTuple: [ParamValue]; params: {'flagKey': ParamValue} }
    'api.experiments.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.recompute': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.unarchive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.lifecycle': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'api.experiments.assignments': { paramsTuple?: []; params?: {} }
    'api.experiments.assignments_lookup': { paramsTuple?: []; params?: {} }
    'api.experiments.feature_flag': { paramsTuple?: []; params?: {} }
    'api.experiments.assignments_bulk': { paramsTuple?: []; params?: {} }
    'api.experiments.exposures': { paramsTuple?: []; params?: {} }
    'api.experiments.track': { paramsTuple?: []; params?: {} }
    'api.experiments.track_batch': { paramsTuple?: []; params?: {} }
    'api.campaigns.conversions': { paramsTuple?: []; params?: {} }
    'api.campaigns.index': { paramsTuple?: []; params?: {} }
    'api.campaigns.store': { paramsTuple?: []; params?: {} }
    'api.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.recipients': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.series': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.identify_winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.variant': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'contactId': ParamValue} }
    'campaigns.click': { paramsTuple: [ParamValue,ParamValue?]; params: {'token': ParamValue,'index'?: ParamValue} }
    'campaigns.open': { paramsTuple: [ParamValue]; params: {'pixel': ParamValue} }
    'api.experiment_templates.index': { paramsTuple?: []; params?: {} }
    'api.experiment_templates.store': { paramsTuple?: []; params?: {} }
    'api.experiment_templates.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.growth.links.store': { paramsTuple?: []; params?: {} }
    'api.growth.links.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.links.click': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.links.signup': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.links.first_value': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.subjects.store': { paramsTuple?: []; params?: {} }
    'api.faqs.index': { paramsTuple?: []; params?: {} }
    'api.faqs.stats': { paramsTuple?: []; params?: {} }
    'api.faqs.suggestions': { paramsTuple?: []; params?: {} }
    'api.faqs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.store': { paramsTuple?: []; params?: {} }
    'api.faqs.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.index': { paramsTuple?: []; params?: {} }
    'api.tickets.store': { paramsTuple?: []; params?: {} }
    'api.tickets.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.history': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.messages': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.messages.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'attachmentId': ParamValue} }
    'api.tickets.notifications': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.inbound.email': { paramsTuple?: []; params?: {} }
    'api.contacts.index': { paramsTuple?: []; params?: {} }
    'api.contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.store': { paramsTuple?: []; params?: {} }
    'api.contacts.import': { paramsTuple?: []; params?: {} }
    'api.webhooks.twilio': { paramsTuple?: []; params?: {} }
    'api.webhooks.twilio.status': { paramsTuple?: []; params?: {} }
    'api.webhooks.openphone': { paramsTuple?: []; params?: {} }
    'api.preferences.summary': { paramsTuple?: []; params?: {} }
    'api.preferences.show': { paramsTuple: [ParamValue]; params: {'email': ParamValue} }
    'api.preferences.store': { paramsTuple?: []; params?: {} }
    'ofrep.one': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'ofrep.all': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'health_checks.api': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'help.index': { paramsTuple?: []; params?: {} }
    'help.results': { paramsTuple?: []; params?: {} }
    'help.suggestions': { paramsTuple?: []; params?: {} }
    'help.category': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'help.article': { paramsTuple: [ParamValue,ParamValue?]; params: {'id': ParamValue,'slug'?: ParamValue} }
    'help.tickets.create': { paramsTuple?: []; params?: {} }
    'help.tickets.thanks': { paramsTuple?: []; params?: {} }
    'help.tickets.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.files.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'help.tickets.link.create': { paramsTuple?: []; params?: {} }
    'referrals.follow': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'account.notifications': { paramsTuple?: []; params?: {} }
    'account.alerts': { paramsTuple?: []; params?: {} }
    'account.alerts.list': { paramsTuple?: []; params?: {} }
    'tickets.reports': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.list': { paramsTuple?: []; params?: {} }
    'tickets.counts': { paramsTuple?: []; params?: {} }
    'tickets.tools': { paramsTuple?: []; params?: {} }
    'tickets.answers': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.index': { paramsTuple?: []; params?: {} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.conversation': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.details': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.html': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.messages.html': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'tickets.saved_replies': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.composer_state': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.table': { paramsTuple?: []; params?: {} }
    'contacts.import.show': { paramsTuple?: []; params?: {} }
    'contacts.audiences.index': { paramsTuple?: []; params?: {} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'knowledge.table': { paramsTuple?: []; params?: {} }
    'knowledge.create': { paramsTuple?: []; params?: {} }
    'knowledge.reports': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection_csv': { paramsTuple?: []; params?: {} }
    'knowledge.synonyms.show': { paramsTuple?: []; params?: {} }
    'knowledge.categories.index': { paramsTuple?: []; params?: {} }
    'knowledge.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'experiments.table': { paramsTuple?: []; params?: {} }
    'experiments.create': { paramsTuple?: []; params?: {} }
    'experiments.sample_size': { paramsTuple?: []; params?: {} }
    'experiments.calculator': { paramsTuple?: []; params?: {} }
    'experiments.results.index': { paramsTuple?: []; params?: {} }
    'experiments.results.overview': { paramsTuple?: []; params?: {} }
    'experiments.results.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.panel': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.daily_csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.index': { paramsTuple?: []; params?: {} }
    'experiments.flags.create': { paramsTuple?: []; params?: {} }
    'experiments.flags.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.templates.index': { paramsTuple?: []; params?: {} }
    'experiments.templates.create': { paramsTuple?: []; params?: {} }
    'experiments.metrics.index': { paramsTuple?: []; params?: {} }
    'experiments.metrics.create': { paramsTuple?: []; params?: {} }
    'experiments.metrics.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.assignments': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.audit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'growth.panels': { paramsTuple?: []; params?: {} }
    'growth.section': { paramsTuple: [ParamValue]; params: {'section': ParamValue} }
    'growth.csv': { paramsTuple: [ParamValue]; params: {'table': ParamValue} }
    'campaigns.index': { paramsTuple?: []; params?: {} }
    'campaigns.list': { paramsTuple?: []; params?: {} }
    'campaigns.create': { paramsTuple?: []; params?: {} }
    'campaigns.audience_count': { paramsTuple?: []; params?: {} }
    'campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.sla.show': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.index': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.list': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.sms_outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.outbox.html': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.preview': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'preferences.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.unsubscribe.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.me': { paramsTuple?: []; params?: {} }
    'api.experiments.active': { paramsTuple?: []; params?: {} }
    'api.experiments.sample_size': { paramsTuple?: []; params?: {} }
    'api.experiments.index': { paramsTuple?: []; params?: {} }
    'api.experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.index': { paramsTuple?: []; params?: {} }
    'api.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.series': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.variant': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'contactId': ParamValue} }
    'campaigns.click': { paramsTuple: [ParamValue,ParamValue?]; params: {'token': ParamValue,'index'?: ParamValue} }
    'campaigns.open': { paramsTuple: [ParamValue]; params: {'pixel': ParamValue} }
    'api.experiment_templates.index': { paramsTuple?: []; params?: {} }
    'api.growth.links.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.faqs.index': { paramsTuple?: []; params?: {} }
    'api.faqs.stats': { paramsTuple?: []; params?: {} }
    'api.faqs.suggestions': { paramsTuple?: []; params?: {} }
    'api.faqs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.index': { paramsTuple?: []; params?: {} }
    'api.tickets.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.history': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.messages': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'attachmentId': ParamValue} }
    'api.tickets.notifications': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.index': { paramsTuple?: []; params?: {} }
    'api.contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.preferences.summary': { paramsTuple?: []; params?: {} }
    'api.preferences.show': { paramsTuple: [ParamValue]; params: {'email': ParamValue} }
  }
  HEAD: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'health_checks.api': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'help.index': { paramsTuple?: []; params?: {} }
    'help.results': { paramsTuple?: []; params?: {} }
    'help.suggestions': { paramsTuple?: []; params?: {} }
    'help.category': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'help.article': { paramsTuple: [ParamValue,ParamValue?]; params: {'id': ParamValue,'slug'?: ParamValue} }
    'help.tickets.create': { paramsTuple?: []; params?: {} }
    'help.tickets.thanks': { paramsTuple?: []; params?: {} }
    'help.tickets.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.files.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'help.tickets.link.create': { paramsTuple?: []; params?: {} }
    'referrals.follow': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'account.notifications': { paramsTuple?: []; params?: {} }
    'account.alerts': { paramsTuple?: []; params?: {} }
    'account.alerts.list': { paramsTuple?: []; params?: {} }
    'tickets.reports': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'tickets.list': { paramsTuple?: []; params?: {} }
    'tickets.counts': { paramsTuple?: []; params?: {} }
    'tickets.tools': { paramsTuple?: []; params?: {} }
    'tickets.answers': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.index': { paramsTuple?: []; params?: {} }
    'tickets.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.conversation': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.details': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.html': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.messages.html': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'tickets.saved_replies': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.composer_state': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'id': ParamValue} }
    'contacts.index': { paramsTuple?: []; params?: {} }
    'contacts.table': { paramsTuple?: []; params?: {} }
    'contacts.import.show': { paramsTuple?: []; params?: {} }
    'contacts.audiences.index': { paramsTuple?: []; params?: {} }
    'contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'knowledge.table': { paramsTuple?: []; params?: {} }
    'knowledge.create': { paramsTuple?: []; params?: {} }
    'knowledge.reports': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection': { paramsTuple?: []; params?: {} }
    'knowledge.reports.deflection_csv': { paramsTuple?: []; params?: {} }
    'knowledge.synonyms.show': { paramsTuple?: []; params?: {} }
    'knowledge.categories.index': { paramsTuple?: []; params?: {} }
    'knowledge.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'experiments.table': { paramsTuple?: []; params?: {} }
    'experiments.create': { paramsTuple?: []; params?: {} }
    'experiments.sample_size': { paramsTuple?: []; params?: {} }
    'experiments.calculator': { paramsTuple?: []; params?: {} }
    'experiments.results.index': { paramsTuple?: []; params?: {} }
    'experiments.results.overview': { paramsTuple?: []; params?: {} }
    'experiments.results.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.panel': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.results.daily_csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.index': { paramsTuple?: []; params?: {} }
    'experiments.flags.create': { paramsTuple?: []; params?: {} }
    'experiments.flags.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.templates.index': { paramsTuple?: []; params?: {} }
    'experiments.templates.create': { paramsTuple?: []; params?: {} }
    'experiments.metrics.index': { paramsTuple?: []; params?: {} }
    'experiments.metrics.create': { paramsTuple?: []; params?: {} }
    'experiments.metrics.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.assignments': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.audit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'growth.panels': { paramsTuple?: []; params?: {} }
    'growth.section': { paramsTuple: [ParamValue]; params: {'section': ParamValue} }
    'growth.csv': { paramsTuple: [ParamValue]; params: {'table': ParamValue} }
    'campaigns.index': { paramsTuple?: []; params?: {} }
    'campaigns.list': { paramsTuple?: []; params?: {} }
    'campaigns.create': { paramsTuple?: []; params?: {} }
    'campaigns.audience_count': { paramsTuple?: []; params?: {} }
    'campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.csv': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.sla.show': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.index': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.list': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.sms_outbox.index': { paramsTuple?: []; params?: {} }
    'admin.notifications.outbox.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.outbox.html': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.preview': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'preferences.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.unsubscribe.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.me': { paramsTuple?: []; params?: {} }
    'api.experiments.active': { paramsTuple?: []; params?: {} }
    'api.experiments.sample_size': { paramsTuple?: []; params?: {} }
    'api.experiments.index': { paramsTuple?: []; params?: {} }
    'api.experiments.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.index': { paramsTuple?: []; params?: {} }
    'api.campaigns.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.results': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.series': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.variant': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'contactId': ParamValue} }
    'campaigns.click': { paramsTuple: [ParamValue,ParamValue?]; params: {'token': ParamValue,'index'?: ParamValue} }
    'campaigns.open': { paramsTuple: [ParamValue]; params: {'pixel': ParamValue} }
    'api.experiment_templates.index': { paramsTuple?: []; params?: {} }
    'api.growth.links.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.faqs.index': { paramsTuple?: []; params?: {} }
    'api.faqs.stats': { paramsTuple?: []; params?: {} }
    'api.faqs.suggestions': { paramsTuple?: []; params?: {} }
    'api.faqs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.index': { paramsTuple?: []; params?: {} }
    'api.tickets.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.history': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.messages': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.attachments.show': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'attachmentId': ParamValue} }
    'api.tickets.notifications': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.index': { paramsTuple?: []; params?: {} }
    'api.contacts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.preferences.summary': { paramsTuple?: []; params?: {} }
    'api.preferences.show': { paramsTuple: [ParamValue]; params: {'email': ParamValue} }
  }
  POST: {
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'help.exposure': { paramsTuple?: []; params?: {} }
    'help.vote': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'help.tickets.store': { paramsTuple?: []; params?: {} }
    'help.tickets.deflect': { paramsTuple?: []; params?: {} }
    'help.tickets.reply': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.rate': { paramsTuple: [ParamValue,ParamValue]; params: {'number': ParamValue,'token': ParamValue} }
    'help.tickets.link.store': { paramsTuple?: []; params?: {} }
    'invitations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'tickets.preview': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.store': { paramsTuple?: []; params?: {} }
    'tickets.bulk': { paramsTuple?: []; params?: {} }
    'tickets.views.store': { paramsTuple?: []; params?: {} }
    'tickets.message': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.status': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.take': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.presence': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.presence.leave': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'contacts.import.columns': { paramsTuple?: []; params?: {} }
    'contacts.import.check': { paramsTuple?: []; params?: {} }
    'contacts.import.store': { paramsTuple?: []; params?: {} }
    'contacts.audiences.store': { paramsTuple?: []; params?: {} }
    'contacts.audiences.count': { paramsTuple?: []; params?: {} }
    'knowledge.store': { paramsTuple?: []; params?: {} }
    'knowledge.preview': { paramsTuple?: []; params?: {} }
    'knowledge.categories.store': { paramsTuple?: []; params?: {} }
    'knowledge.publish': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'experiments.store': { paramsTuple?: []; params?: {} }
    'experiments.results.recompute': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.store': { paramsTuple?: []; params?: {} }
    'experiments.flags.toggle': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.convert': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.templates.store': { paramsTuple?: []; params?: {} }
    'experiments.metrics.store': { paramsTuple?: []; params?: {} }
    'experiments.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.unarchive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.lifecycle': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'campaigns.store': { paramsTuple?: []; params?: {} }
    'campaigns.preview': { paramsTuple?: []; params?: {} }
    'campaigns.pause': { paramsTuple?: []; params?: {} }
    'campaigns.resume': { paramsTuple?: []; params?: {} }
    'campaigns.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.identify_winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'campaigns.winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.users.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reinvite': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.access_tokens.store': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.store': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.fetch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.notifications.retry': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'preferences.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'preferences.unsubscribe': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.experiments.store': { paramsTuple?: []; params?: {} }
    'api.experiments.from_flag': { paramsTuple: [ParamValue]; params: {'flagKey': ParamValue} }
    'api.experiments.recompute': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.unarchive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.lifecycle': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'action': ParamValue} }
    'api.experiments.assignments': { paramsTuple?: []; params?: {} }
    'api.experiments.assignments_lookup': { paramsTuple?: []; params?: {} }
    'api.experiments.feature_flag': { paramsTuple?: []; params?: {} }
    'api.experiments.assignments_bulk': { paramsTuple?: []; params?: {} }
    'api.experiments.exposures': { paramsTuple?: []; params?: {} }
    'api.experiments.track': { paramsTuple?: []; params?: {} }
    'api.experiments.track_batch': { paramsTuple?: []; params?: {} }
    'api.campaigns.conversions': { paramsTuple?: []; params?: {} }
    'api.campaigns.store': { paramsTuple?: []; params?: {} }
    'api.campaigns.recipients': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.identify_winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.campaigns.winner': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiment_templates.store': { paramsTuple?: []; params?: {} }
    'api.growth.links.store': { paramsTuple?: []; params?: {} }
    'api.growth.links.click': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.links.signup': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.links.first_value': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.growth.subjects.store': { paramsTuple?: []; params?: {} }
    'api.faqs.store': { paramsTuple?: []; params?: {} }
    'api.tickets.store': { paramsTuple?: []; params?: {} }
    'api.tickets.messages.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.inbound.email': { paramsTuple?: []; params?: {} }
    'api.contacts.store': { paramsTuple?: []; params?: {} }
    'api.contacts.import': { paramsTuple?: []; params?: {} }
    'api.webhooks.twilio': { paramsTuple?: []; params?: {} }
    'api.webhooks.twilio.status': { paramsTuple?: []; params?: {} }
    'api.webhooks.openphone': { paramsTuple?: []; params?: {} }
    'api.preferences.store': { paramsTuple?: []; params?: {} }
    'ofrep.one': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'ofrep.all': { paramsTuple?: []; params?: {} }
  }
  PUT: {
    'account.notifications.update': { paramsTuple?: []; params?: {} }
    'account.password.update': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.update': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'tickets.preferences': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'knowledge.synonyms.update': { paramsTuple?: []; params?: {} }
    'knowledge.categories.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.metrics.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.role': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.sla.update': { paramsTuple?: []; params?: {} }
    'admin.mailboxes.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  DELETE: {
    'account.sessions.destroy': { paramsTuple?: []; params?: {} }
    'tickets.saved_replies.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.views.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'contacts.audiences.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.categories.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'knowledge.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.flags.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.templates.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'experiments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.access_tokens.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mailboxes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.mail_quarantine.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.experiment_templates.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.contacts.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PATCH: {
    'api.experiments.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.faqs.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.tickets.patch': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  OPTIONS: {
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}