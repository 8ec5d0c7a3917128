import { ExperimentVariantSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'

export default class ExperimentVariant extends ExperimentVariantSchema {
  @jsonColumn()
  declare config: Record<string, unknown>
}
