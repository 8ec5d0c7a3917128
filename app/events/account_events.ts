import { DomainEvent } from '#events/domain_event'

/**
 * A token was revoked, or a user deactivated, given another role or a new password:
 * cached credentials are stale. With `signOut`, that person's sessions end too (all but
 * `keepSession`).
 */
export class CredentialsChanged extends DomainEvent {
  constructor(readonly signOut: { userId: number; keepSession?: string } | null = null) {
    super()
  }
}
