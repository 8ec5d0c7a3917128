import { SegmentSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'
import type { TargetingRule } from '#evaluation/types'

export default class Segment extends SegmentSchema {
  @jsonColumn()
  declare rule: TargetingRule
}
