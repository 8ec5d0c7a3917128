import type { UserRole } from '#models/user'

/** Development demo logins (also listed in the README and printed by `npm run dev`). */
export const DEMO_ACCOUNTS: {
  fullName: string
  email: string
  password: string
  role: UserRole
}[] = [
  { fullName: 'Ada Admin', email: 'admin@example.com', password: 'demo-admin-pass', role: 'admin' },
  { fullName: 'Sam Agent', email: 'agent@example.com', password: 'demo-agent-pass', role: 'agent' },
]
