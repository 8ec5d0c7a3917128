import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ExperimentAuditLog from '#models/experiment_audit_log'
import { actorLabel, actorUserId, type Actor } from '#services/accounts'

export interface AuditEntry {
  entityType: 'experiment' | 'flag' | 'segment' | 'template' | 'metric'
  entityId: number
  action: string
  actor: Actor
  reason?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

/** Writes one audit row inside the caller's transaction (the change and its record commit together). */
export async function recordAudit(trx: TransactionClientContract, entry: AuditEntry) {
  await ExperimentAuditLog.create(
    {
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      actorId: actorUserId(entry.actor),
      actorLabel: actorLabel(entry.actor),
      reason: entry.reason ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    },
    { client: trx }
  )
}

/**
 * An experiment's audit row written on behalf of the domain that owns it (a campaign's
 * winner), in the caller's transaction when it has one.
 */
export async function auditExperiment(
  experimentId: number,
  entry: Pick<AuditEntry, 'action' | 'actor' | 'reason' | 'after'>,
  trx?: TransactionClientContract
) {
  const write = (client: TransactionClientContract) =>
    recordAudit(client, { ...entry, entityType: 'experiment', entityId: experimentId })
  return trx ? write(trx) : db.transaction(write)
}

export async function auditTrail(
  entityType: AuditEntry['entityType'],
  entityId: number,
  limit = 100
) {
  return ExperimentAuditLog.query()
    .where({ entityType, entityId })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
}

/** Only the fields that differ, for a readable before/after pair. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changedBefore: Record<string, unknown> = {}
  const changedAfter: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key]
      changedAfter[key] = after[key]
    }
  }
  return { before: changedBefore, after: changedAfter }
}
