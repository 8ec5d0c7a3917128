import { CsatResponseSchema } from '#database/schema'

export default class CsatResponse extends CsatResponseSchema {
  static selfAssignPrimaryKey = true
}
