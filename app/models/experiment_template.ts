import { ExperimentTemplateSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'
import type { MetricDefinition } from '#evaluation/metrics'

export default class ExperimentTemplate extends ExperimentTemplateSchema {
  @jsonColumn()
  declare primaryMetric: MetricDefinition

  @jsonColumn()
  declare secondaryMetrics: MetricDefinition[]

  @jsonColumn()
  declare guardrailMetrics: MetricDefinition[]
}
