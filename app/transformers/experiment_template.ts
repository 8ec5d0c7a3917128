import type ExperimentTemplate from '#models/experiment_template'

/** JSON shape of an experiment template (the fields a new experiment takes from it). */
export function templateJson(template: ExperimentTemplate) {
  return {
    id: template.id,
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
    createdAt: template.createdAt.toISO(),
  }
}
