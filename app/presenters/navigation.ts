/**
 * The main navigation. `ability` decides who sees an entry (see app/abilities/main.ts);
 * `match` is the path prefix that marks the entry as current.
 */
export const NAVIGATION = [
  { label: 'Inbox', href: '/tickets', match: '/tickets', ability: 'staff', icon: 'inbox' },
  {
    label: 'Knowledge base',
    href: '/knowledge',
    match: '/knowledge',
    ability: 'staff',
    icon: 'book',
  },
  { label: 'Contacts', href: '/contacts', match: '/contacts', ability: 'staff', icon: 'users' },
  {
    label: 'Experiments',
    href: '/experiments',
    match: '/experiments',
    ability: 'admin',
    icon: 'flask',
  },
  {
    label: 'Growth',
    href: '/dashboard/k-factor',
    match: '/dashboard/k-factor',
    ability: 'admin',
    icon: 'chart',
  },
  {
    label: 'Campaigns',
    href: '/campaigns',
    match: '/campaigns',
    ability: 'admin',
    icon: 'send',
  },
  {
    label: 'Alerts',
    href: '/account/alerts',
    match: '/account/alerts',
    ability: 'admin',
    icon: 'bell',
  },
  {
    label: 'Email',
    href: '/admin/notifications',
    match: '/admin/notifications',
    ability: 'admin',
    icon: 'mail',
  },
  { label: 'Admin', href: '/admin/users', match: '/admin', ability: 'admin', icon: 'shield' },
] as const

export const AREAS = {
  inbox: {
    title: 'Inbox',
    summary:
      'Tickets with conversations, a live inbox that never goes stale, and a customer portal.',
  },
  knowledge: {
    title: 'Knowledge base',
    summary: 'FAQ management with ranked search and a public help center that suggests answers.',
  },
  experiments: {
    title: 'Experiments',
    summary:
      'Experiments with deterministic assignment, feature flags and statistically rigorous results.',
  },
  growth: {
    title: 'Growth',
    summary: 'Referral tracking and the K-factor dashboard for viral loops.',
  },
} as const
