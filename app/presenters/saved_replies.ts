import { PRIORITY_LABELS, STATUS_LABELS, type SavedReply } from '#services/support'

/** What a macro changes, in words ("Status: Resolved · Tags: +refund"); '' for a plain reply. */
export function macroSummary(reply: SavedReply, agents: { id: number; name: string }[]) {
  const parts: string[] = []
  if (reply.setStatus) parts.push(`Status: ${STATUS_LABELS[reply.setStatus]}`)
  if (reply.setPriority) parts.push(`Priority: ${PRIORITY_LABELS[reply.setPriority]}`)
  if (reply.setAssignee) parts.push(`Assignee: ${assigneeLabel(reply.setAssignee, agents)}`)
  if (reply.addTags.length) parts.push(`Tags: ${reply.addTags.map((tag) => `+${tag}`).join(' ')}`)
  return parts.join(' · ')
}

function assigneeLabel(value: string, agents: { id: number; name: string }[]) {
  if (value === 'me') return 'whoever sends it'
  if (value === 'none') return 'nobody'
  return agents.find((agent) => String(agent.id) === value)?.name ?? 'a former agent'
}
