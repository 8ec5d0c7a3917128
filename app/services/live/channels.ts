/**
 * Names of the live channels. A broadcast carries `{ reason }` only, never data.
 */
export const LIVE_CHANNELS = {
  /** The user list changed (created, role, activation). */
  adminUsers: 'admin/users',
} as const

export type LiveChannel = (typeof LIVE_CHANNELS)[keyof typeof LIVE_CHANNELS]
