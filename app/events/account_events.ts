import { DomainEvent } from '#events/domain_event'

/** A token was revoked, or a user deactivated or given another role: cached credentials are stale. */
export class CredentialsChanged extends DomainEvent {}
