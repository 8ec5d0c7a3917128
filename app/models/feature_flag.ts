import { FeatureFlagSchema } from '#database/schema'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Experiment from '#models/experiment'
import { jsonColumn } from '#models/json_column'
import type { FlagRule } from '#evaluation/types'

export default class FeatureFlag extends FeatureFlagSchema {
  @jsonColumn()
  declare defaultValue: unknown

  @jsonColumn()
  declare rules: FlagRule[]

  @belongsTo(() => Experiment)
  declare experiment: BelongsTo<typeof Experiment>
}
