/*
|--------------------------------------------------------------------------
| Abilities
|--------------------------------------------------------------------------
|
| Role-level checks used by routes (authorize middleware), controllers and
| templates (@can). Finer rules about a single record live in app/policies.
|
*/
import type User from '#models/user'
import { Bouncer } from '@adonisjs/bouncer'

/** Admin only: users, tokens, experiments, growth dashboards. */
export const admin = Bouncer.ability((user: User) => user.isActive && user.role === 'admin')

/** Agents and admins: the support workspace (inbox, knowledge base). */
export const staff = Bouncer.ability(
  (user: User) => user.isActive && (user.role === 'admin' || user.role === 'agent')
)
