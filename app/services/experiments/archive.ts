import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Experiment from '#models/experiment'
import { DomainError } from '#exceptions/domain_error'
import { recordAudit } from '#services/experiments/audit'
import { configurationChanged } from '#services/experiments/definitions'
import { refuseIfArchived } from '#services/experiments/experiment_service'
import { namespaceMessages } from '#services/experiments/design_rules'
import { announce, experimentChannel, LIVE_CHANNELS } from '#services/live'
import type { Actor } from '#services/accounts'
import type { NamespaceRange } from '#evaluation/types'

/**
 * Archiving: a started experiment has assignments and results people may need later, so
 * it is not deleted (deleteExperiment takes drafts only) but archived, which hides it from
 * the default lists and makes it read-only.
 *
 * Running experiments still serve variants: complete or pause them first, so that archiving
 * never changes what anyone sees. Unarchiving brings it back as it was (paused or completed).
 */
export async function archiveExperiment(experiment: Experiment, actor: Actor) {
  refuseIfArchived(experiment)
  if (experiment.status === 'draft' || experiment.status === 'running') {
    throw new DomainError(
      experiment.status === 'draft'
        ? 'A draft is deleted, not archived.'
        : 'A running experiment cannot be archived: pause or complete it first.',
      'not_archivable',
      409
    )
  }
  await db.transaction(async (trx) => {
    experiment.useTransaction(trx)
    experiment.archivedAt = DateTime.now()
    await experiment.save()
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action: 'archived',
      actor,
      before: { archived: false },
      after: { archived: true },
    })
    await configurationChanged(trx)
    await announce(LIVE_CHANNELS.experiments, 'archived', trx)
    await announce(experimentChannel(experiment.id), 'archived', trx)
  })
}

/**
 * Back from the archive, editable again, in the status it was archived in. A paused
 * experiment takes its namespace ranges back, so they must still be free: another
 * experiment may have taken them meanwhile (409 naming it).
 */
export async function unarchiveExperiment(experiment: Experiment, actor: Actor) {
  if (!experiment.archivedAt) {
    throw new DomainError('This experiment is not archived.', 'not_archived', 409)
  }
  if (experiment.status !== 'completed') {
    const clashes = await namespaceMessages(
      experiment.namespaces as NamespaceRange[],
      experiment.id
    )
    if (clashes.length) {
      throw new DomainError(
        `Its namespace ranges are taken now: ${clashes.map((clash) => clash.message).join('; ')}.`,
        'namespace_taken',
        409
      )
    }
  }
  await db.transaction(async (trx) => {
    experiment.useTransaction(trx)
    experiment.archivedAt = null
    await experiment.save()
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action: 'unarchived',
      actor,
      before: { archived: true },
      after: { archived: false },
    })
    await configurationChanged(trx)
    await announce(LIVE_CHANNELS.experiments, 'unarchived', trx)
    await announce(experimentChannel(experiment.id), 'unarchived', trx)
  })
}
