import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { changeRoleValidator, createUserValidator, userFiltersValidator } from '#validators/user'
import {
  changeRole,
  createUser,
  deactivateUser,
  emailInvitation,
  getUser,
  invitationUrl,
  listUsers,
  reactivateUser,
} from '#services/accounts'

export default class UsersController {
  async index({ view, request }: HttpContext) {
    const filters = await userFiltersValidator.validate(request.qs())
    return view.render('pages/admin/users/index', { users: await listUsers(filters), filters })
  }

  /** The user table alone: re-fetched by htmx on filter changes and live updates. */
  async table({ view, request }: HttpContext) {
    const filters = await userFiltersValidator.validate(request.qs())
    return view.render('partials/admin/users_table', { users: await listUsers(filters), filters })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/admin/users/create')
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const data = await request.validateUsing(createUserValidator)
    const user = await createUser(data)
    if (user.isPendingInvite) {
      await this.invite(ctx, user)
    } else {
      session.flash('success', `${user.fullName} can now sign in as ${user.role}.`)
    }
    return response.redirect().toRoute('admin.users.index')
  }

  async updateRole(ctx: HttpContext) {
    const user = await getUser(ctx.params.id)
    const { role } = await ctx.request.validateUsing(changeRoleValidator)
    await changeRole(ctx.auth.getUserOrFail(), user, role)
    return this.changed(
      ctx,
      `${user.fullName} is now ${role === 'admin' ? 'an admin' : 'an agent'}.`
    )
  }

  async deactivate(ctx: HttpContext) {
    const user = await getUser(ctx.params.id)
    await deactivateUser(ctx.auth.getUserOrFail(), user)
    return this.changed(ctx, `${user.fullName} is deactivated and can no longer sign in.`)
  }

  async reactivate(ctx: HttpContext) {
    const user = await getUser(ctx.params.id)
    await reactivateUser(user)
    return this.changed(ctx, `${user.fullName} is active again.`)
  }

  /**
   * After a change from the table: htmx gets an event that makes the table re-fetch itself
   * (with its filters); a plain form post goes back with a flash message.
   */
  private changed({ request, response, session }: HttpContext, message: string) {
    if (request.isHtmx()) {
      return response.header('HX-Trigger', 'users:changed').noContent()
    }
    session.flash('success', message)
    return response.redirect().back()
  }

  /** A fresh invitation link for someone who has not accepted yet. */
  async reinvite(ctx: HttpContext) {
    const user = await getUser(ctx.params.id)
    if (user.isPendingInvite) await this.invite(ctx, user)
    return ctx.response.redirect().toRoute('admin.users.index')
  }

  /** Emails the invitation, and shows its link too (to pass on if the mail went astray). */
  private async invite({ auth, session }: HttpContext, user: User) {
    const url = invitationUrl(user)
    const emailed = await emailInvitation(user, url, auth.user ?? null)
    session.flash('invitation', { name: user.fullName, email: user.email, url, emailed })
  }
}
