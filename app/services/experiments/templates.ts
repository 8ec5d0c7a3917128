import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import ExperimentTemplate from '#models/experiment_template'
import { DomainError } from '#exceptions/domain_error'
import { recordAudit } from '#services/experiments/audit'
import { actorUserId, type Actor } from '#services/accounts'
import { resolveMetrics, type MetricInput } from '#services/experiments/metric_library'

/**
 * Experiment templates: the analysis a team repeats (default metrics, method, correction and
 * its scope, minimum days, guardrails). A new experiment starts from one; it copies the values, so later changes
 * of the template never change existing experiments.
 */
export interface TemplateInput {
  name: string
  description?: string | null
  primaryMetric: MetricInput
  secondaryMetrics?: MetricInput[]
  guardrailMetrics?: MetricInput[]
  analysisMethod: 'frequentist' | 'sequential' | 'bayesian'
  correction: 'holm' | 'bh' | 'none'
  correctionScope?: 'metric' | 'experiment'
  minimumDays?: number
  significanceLevel?: number
}

export function listTemplates() {
  return ExperimentTemplate.query().orderBy('name')
}

export async function findTemplateOrFail(id: number | string) {
  const template = await ExperimentTemplate.find(Number(id) || 0)
  if (!template) throw new DomainError(`No template "${id}".`, 'template_not_found', 404)
  return template
}

/** The experiment fields a template sets (createExperiment's `templateId`). */
export async function templateDefaults(id: number) {
  const template = await ExperimentTemplate.find(id)
  if (!template) {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'templateId', message: `No template with id ${id}`, rule: 'exists' },
    ])
  }
  return {
    primaryMetric: template.primaryMetric,
    secondaryMetrics: template.secondaryMetrics,
    guardrailMetrics: template.guardrailMetrics,
    analysisMethod: template.analysisMethod,
    correction: template.correction,
    correctionScope: template.correctionScope,
    minimumDays: template.minimumDays,
    significanceLevel: template.significanceLevel,
  }
}

const auditedFields = (template: ExperimentTemplate) => ({
  name: template.name,
  description: template.description,
  primaryMetric: template.primaryMetric,
  secondaryMetrics: template.secondaryMetrics,
  guardrailMetrics: template.guardrailMetrics,
  analysisMethod: template.analysisMethod,
  correction: template.correction,
  correctionScope: template.correctionScope,
  minimumDays: template.minimumDays,
  significanceLevel: template.significanceLevel,
})

export async function createTemplate(input: TemplateInput, actor: Actor) {
  if (await ExperimentTemplate.findBy('name', input.name)) {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'name', message: `A template is already named "${input.name}"`, rule: 'unique' },
    ])
  }
  // Library picks are copied, as in an experiment: the template keeps what it was given.
  const [primaryMetric, secondaryMetrics, guardrailMetrics] = await Promise.all([
    resolveMetrics('primaryMetric', input.primaryMetric),
    resolveMetrics('secondaryMetrics', input.secondaryMetrics ?? []),
    resolveMetrics('guardrailMetrics', input.guardrailMetrics ?? []),
  ])
  return db.transaction(async (trx) => {
    const template = await ExperimentTemplate.create(
      {
        name: input.name,
        description: input.description ?? null,
        primaryMetric,
        secondaryMetrics,
        guardrailMetrics,
        analysisMethod: input.analysisMethod,
        correction: input.correction,
        correctionScope: input.correctionScope ?? 'metric',
        minimumDays: input.minimumDays ?? 0,
        significanceLevel: input.significanceLevel ?? 0.05,
        createdBy: actorUserId(actor),
      },
      { client: trx }
    )
    await recordAudit(trx, {
      entityType: 'template',
      entityId: template.id,
      action: 'created',
      actor,
      after: auditedFields(template),
    })
    return template
  })
}

export async function deleteTemplate(template: ExperimentTemplate, actor: Actor) {
  await db.transaction(async (trx) => {
    await recordAudit(trx, {
      entityType: 'template',
      entityId: template.id,
      action: 'deleted',
      actor,
      before: auditedFields(template),
    })
    await template.useTransaction(trx).delete()
  })
}
