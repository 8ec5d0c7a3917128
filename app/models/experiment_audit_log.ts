import { ExperimentAuditLogSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'

export default class ExperimentAuditLog extends ExperimentAuditLogSchema {
  static table = 'experiment_audit_log'

  @jsonColumn()
  declare before: Record<string, unknown> | null

  @jsonColumn()
  declare after: Record<string, unknown> | null
}
