import vine from '@vinejs/vine'

const ROLES = ['admin', 'agent'] as const

/** Password rules shared by admin-created accounts, accepted invitations and changes. */
const password = () => vine.string().minLength(10).maxLength(200)

export const createUserValidator = vine.create({
  fullName: vine.string().trim().minLength(2).maxLength(120),
  email: vine
    .string()
    .trim()
    .email()
    .maxLength(254)
    // Emails are stored lower-cased: compare the same way.
    .unique(async (db, value) => {
      const taken = await db.from('users').where('email', value.toLowerCase()).first()
      return !taken
    }),
  role: vine.enum(ROLES),
  // Optional: left empty, the person gets an invitation link to set it themselves.
  password: password().optional(),
})

export const changeRoleValidator = vine.create({
  role: vine.enum(ROLES),
})

export const userFiltersValidator = vine.create({
  search: vine.string().trim().maxLength(100).optional(),
  role: vine.enum(ROLES).optional(),
  status: vine.enum(['active', 'deactivated', 'invited'] as const).optional(),
})

export const acceptInvitationValidator = vine.create({
  password: password().confirmed({ as: 'passwordConfirmation' }),
})

export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(200),
  password: password().confirmed({ as: 'passwordConfirmation' }),
})
