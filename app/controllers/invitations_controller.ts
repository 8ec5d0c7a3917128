import type { HttpContext } from '@adonisjs/core/http'
import { acceptInvitationValidator } from '#validators/user'
import { acceptInvitation, pendingInvitee } from '#services/accounts'

/** An invited person sets their password through the signed link an admin gave them. */
export default class InvitationsController {
  async show({ params, request, view, response }: HttpContext) {
    const user = await this.pendingUser(params.id, request)
    if (!user) return response.status(410).send(await view.render('pages/errors/gone'))
    return view.render('pages/auth/invitation', { user, action: request.url(true) })
  }

  async store(ctx: HttpContext) {
    const { params, request, response, session, view } = ctx
    const user = await this.pendingUser(params.id, request)
    if (!user) return response.status(410).send(await view.render('pages/errors/gone'))
    const { password } = await request.validateUsing(acceptInvitationValidator)
    await acceptInvitation(user, password)
    await ctx.signIn(user)
    session.flash('success', `Welcome, ${user.fullName}. Your account is ready.`)
    return response.redirect().toRoute('home')
  }

  /** The link is valid only while signed, unexpired and unused. */
  private async pendingUser(id: string, request: HttpContext['request']) {
    if (!request.hasValidSignature('invitation')) return null
    return pendingInvitee(id)
  }
}
