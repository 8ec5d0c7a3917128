/*
|--------------------------------------------------------------------------
| Domain event listeners
|--------------------------------------------------------------------------
|
| Who reacts to which domain event (app/events). Listeners run inside the
| publisher's transaction, one after another (DomainEvent.publish).
|
*/
import emitter from '@adonisjs/core/services/emitter'
import { forgetCachedCredentials } from '#auth/cached_tokens_user_provider'
import { CredentialsChanged } from '#events/account_events'
import { endSessionsOnCredentialsChange } from '#services/accounts'
import {
  TicketAssigned,
  TicketCreated,
  TicketLinkRequested,
  TicketMessageAdded,
  TicketRated,
  TicketReopened,
  TicketSlaAtRisk,
  TicketStatusChanged,
} from '#events/ticket_events'
import { ExperimentAlertsRaised } from '#events/experiment_events'
import { ContactReplied } from '#events/contact_events'
import { attributeReply } from '#services/campaigns'
import {
  notifyAssigned,
  notifyExperimentAlerts,
  notifyFreshLink,
  notifyMessage,
  notifySlaAtRisk,
  notifyStatusChanged,
  notifyTicketCreated,
} from '#services/notifications'
import { recordSupportTicket, recordTicketRating, recordTicketReopen } from '#services/experiments'

emitter.on(TicketCreated, notifyTicketCreated)
emitter.on(TicketAssigned, notifyAssigned)
emitter.on(TicketStatusChanged, notifyStatusChanged)
emitter.on(TicketMessageAdded, notifyMessage)
emitter.on(TicketLinkRequested, notifyFreshLink)
emitter.on(TicketSlaAtRisk, notifySlaAtRisk)
// Experiments measure support outcomes: the help-center experiment's CSAT and reopen
// guardrails, and "support tickets created" for any experiment (docs/deflection.md).
emitter.on(TicketCreated, recordSupportTicket)
emitter.on(TicketRated, recordTicketRating)
emitter.on(TicketReopened, recordTicketReopen)

emitter.on(ExperimentAlertsRaised, notifyExperimentAlerts)

emitter.on(CredentialsChanged, forgetCachedCredentials)
emitter.on(CredentialsChanged, endSessionsOnCredentialsChange)

// A contact's reply (inbound SMS) counts for the campaign last sent to them on that channel.
emitter.on(ContactReplied, attributeReply)
