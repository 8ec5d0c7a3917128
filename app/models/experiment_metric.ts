import { ExperimentMetricSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'
import type { MetricDefinition } from '#evaluation/metrics'

/** A library metric: experiments copy its definition (with its id) when they pick it. */
export default class ExperimentMetric extends ExperimentMetricSchema {
  @jsonColumn()
  declare definition: Omit<MetricDefinition, 'metricId' | 'name'>
}
