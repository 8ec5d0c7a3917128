import { ExperimentSchema } from '#database/schema'
import { belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import ExperimentVariant from '#models/experiment_variant'
import User from '#models/user'
import { jsonColumn } from '#models/json_column'
import type { MetricDefinition } from '#evaluation/metrics'
import type { NamespaceRange, TargetingRule } from '#evaluation/types'

export default class Experiment extends ExperimentSchema {
  @jsonColumn()
  declare targeting: TargetingRule | null

  @jsonColumn()
  declare primaryMetric: MetricDefinition

  @jsonColumn()
  declare secondaryMetrics: MetricDefinition[]

  @jsonColumn()
  declare guardrailMetrics: MetricDefinition[]

  @jsonColumn()
  declare namespaces: NamespaceRange[]

  @hasMany(() => ExperimentVariant, { onQuery: (query) => query.orderBy('position').orderBy('id') })
  declare variants: HasMany<typeof ExperimentVariant>

  @belongsTo(() => ExperimentVariant, { foreignKey: 'winnerVariantId' })
  declare winnerVariant: BelongsTo<typeof ExperimentVariant>

  /** The holdout that keeps a share of traffic out of this experiment. */
  @belongsTo(() => Experiment, { foreignKey: 'holdoutId' })
  declare holdout: BelongsTo<typeof Experiment>

  @belongsTo(() => User, { foreignKey: 'createdBy' })
  declare creator: BelongsTo<typeof User>
}
