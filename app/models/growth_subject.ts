import { GrowthSubjectSchema } from '#database/schema'

/** A user of the host product: when they signed up and who referred them (cohorts). */
export default class GrowthSubject extends GrowthSubjectSchema {
  static table = 'growth_subjects'
  static selfAssignPrimaryKey = true
}
