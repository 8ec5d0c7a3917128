/**
 * Accounts: the people who use the app (admins and agents), their invitations and
 * sign-in, their sessions, API tokens and their abilities, and the Actor that every audit
 * trail records. Tables: users, sessions, auth_access_tokens.
 */
export {
  actorLabel,
  actorUserId,
  customerActor,
  SYSTEM_ACTOR,
  userActor,
  type Actor,
} from '#services/accounts/actor'
export {
  acceptInvitation,
  changePassword,
  changeRole,
  createUser,
  deactivateUser,
  emailInvitation,
  getUser,
  invitationUrl,
  listUsers,
  normalizeEmail,
  pendingInvitee,
  reactivateUser,
  userCount,
  userIdForEmail,
} from '#services/accounts/user_service'
export { attemptLogin } from '#services/accounts/login_service'
export { endSessions, endSessionsOnCredentialsChange } from '#services/accounts/sessions'
export { createToken, listTokens, revokeToken } from '#services/accounts/token_service'
export {
  abilitiesWithinRole,
  CLIENT_KEY_MARKER,
  TOKEN_ABILITIES,
  TOKEN_ABILITY_NAMES,
  type TokenAbility,
} from '#services/accounts/token_abilities'
export { PG_CREDENTIALS_CHANNEL } from '#services/accounts/credentials'
