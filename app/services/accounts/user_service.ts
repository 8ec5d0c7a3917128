import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { signedUrlFor } from '@adonisjs/core/services/url_builder'
import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import InvitationMail from '#mails/invitation_mail'
import User, { type UserRole } from '#models/user'
import { DomainError } from '#exceptions/domain_error'
import { announce, LIVE_CHANNELS } from '#services/live'
import { publicUrl } from '#services/platform'
import { credentialsChanged } from '#services/accounts/credentials'

export interface NewUser {
  fullName: string
  email: string
  role: UserRole
  /** Without a password the person is invited and sets one through a signed link. */
  password?: string | null
}

export interface UserFilters {
  search?: string | null
  role?: UserRole | null
  status?: 'active' | 'deactivated' | 'invited' | null
}

export const INVITATION_TTL = '7 days'

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/** The id of the account with this email, if any (experiments map ticket contacts to it). */
export async function userIdForEmail(email: string): Promise<number | null> {
  const user = await User.query()
    .whereRaw('lower(email) = ?', [normalizeEmail(email)])
    .first()
  return user?.id ?? null
}

export async function listUsers(filters: UserFilters = {}) {
  const query = User.query().orderBy('full_name', 'asc').orderBy('id', 'asc')
  if (filters.search) {
    const term = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query.where((q) => q.whereILike('full_name', term).orWhereILike('email', term))
  }
  if (filters.role) query.where('role', filters.role)
  if (filters.status === 'active') query.whereNull('deactivated_at').whereNotNull('password')
  if (filters.status === 'deactivated') query.whereNotNull('deactivated_at')
  if (filters.status === 'invited') query.whereNull('password').whereNull('deactivated_at')
  return query
}

export async function createUser(input: NewUser) {
  const user = await User.create({
    fullName: input.fullName.trim(),
    email: normalizeEmail(input.email),
    role: input.role,
    password: input.password ?? null,
  })
  await announce(LIVE_CHANNELS.adminUsers, 'created')
  return user
}

/** A signed, expiring link where an invited person sets their password. */
export function invitationUrl(user: User) {
  return signedUrlFor(
    'invitations.show',
    { id: user.id },
    { expiresIn: INVITATION_TTL, prefixUrl: publicUrl(), purpose: 'invitation' }
  )
}

/**
 * Emails an invited person their link through the app's mailer. A mail that cannot go out
 * does not undo the invitation: the admin is told and passes the link on. Returns whether
 * the mail was sent.
 */
export async function emailInvitation(user: User, url: string, inviter: User | null) {
  try {
    await mail.use(env.get('MAIL_MAILER', 'outbox')).send(
      new InvitationMail({
        to: user.email,
        name: user.fullName,
        role: user.role,
        inviter: inviter?.fullName ?? null,
        url,
        validFor: INVITATION_TTL,
      })
    )
    return true
  } catch (error) {
    logger.warn({ err: error, userId: user.id }, 'the invitation mail could not be sent')
    return false
  }
}

export async function acceptInvitation(user: User, password: string) {
  if (!user.isPendingInvite || !user.isActive) {
    throw new DomainError('This invitation has already been used.', 'invitation_used')
  }
  user.password = password
  user.lastLoginAt = DateTime.now()
  await user.save()
  await announce(LIVE_CHANNELS.adminUsers, 'invitation_accepted')
  return user
}

/**
 * A signed-in person sets a new password, knowing the current one. Every other session of
 * theirs ends (whoever else holds one no longer knows the password); `keepSession`, the
 * session they changed it from, stays signed in.
 */
export async function changePassword(
  user: User,
  input: { currentPassword: string; password: string },
  keepSession: string
) {
  if (!user.password || !(await hash.verify(user.password, input.currentPassword))) {
    throw new DomainError('Your current password is not right.', 'wrong_password')
  }
  user.password = input.password
  await user.save()
  await credentialsChanged({ userId: user.id, keepSession })
}

export function getUser(id: unknown) {
  return User.findOrFail(id)
}

/** Whom an invitation link names, while the invitation is still open (else null). */
export async function pendingInvitee(id: unknown) {
  const user = Number.isSafeInteger(Number(id)) ? await User.find(Number(id)) : null
  return user && user.isPendingInvite && user.isActive ? user : null
}

/** Everyone with an account, active or not (0 on a fresh install). */
export async function userCount() {
  const row = await db.from('users').count('* as total').first()
  return Number(row?.total ?? 0)
}

async function activeAdminCount() {
  const row = await db
    .from('users')
    .where('role', 'admin')
    .whereNull('deactivated_at')
    .count('* as total')
    .first()
  return Number(row?.total ?? 0)
}

export async function changeRole(actor: User, user: User, role: UserRole) {
  if (user.role === role) return user
  if (user.role === 'admin' && user.isActive && (await activeAdminCount()) <= 1) {
    throw new DomainError('The last active admin cannot be made an agent.', 'last_admin')
  }
  if (actor.id === user.id) {
    throw new DomainError('You cannot change your own role; ask another admin.', 'own_role')
  }
  user.role = role
  await user.save()
  // Signed in under the old role: they sign in again and get the new one's pages.
  await credentialsChanged({ userId: user.id })
  await announce(LIVE_CHANNELS.adminUsers, 'role_changed')
  return user
}

export async function deactivateUser(actor: User, user: User) {
  if (!user.isActive) return user
  if (actor.id === user.id) {
    throw new DomainError('You cannot deactivate your own account.', 'self_deactivation')
  }
  if (user.role === 'admin' && (await activeAdminCount()) <= 1) {
    throw new DomainError('The last active admin cannot be deactivated.', 'last_admin')
  }
  user.deactivatedAt = DateTime.now()
  await user.save()
  await credentialsChanged({ userId: user.id })
  await announce(LIVE_CHANNELS.adminUsers, 'deactivated')
  return user
}

export async function reactivateUser(user: User) {
  if (user.isActive) return user
  user.deactivatedAt = null
  await user.save()
  await credentialsChanged()
  await announce(LIVE_CHANNELS.adminUsers, 'reactivated')
  return user
}

export async function recordLogin(user: User) {
  user.lastLoginAt = DateTime.now()
  await user.save()
}
