import { AudienceSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'
import type { TargetingRule } from '#evaluation/types'

/** A saved filter over contacts, in the targeting rule language. */
export default class Audience extends AudienceSchema {
  @jsonColumn()
  declare rule: TargetingRule
}
