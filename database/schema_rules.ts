import type { SchemaRules } from '@adonisjs/lucid/types/schema_generator'

/** Column type overrides for the generated database/schema.ts. */
const union = (...values: string[]) => ({ tsType: values.map((v) => `'${v}'`).join(' | ') })

export default {
  tables: {
    users: {
      columns: { role: union('admin', 'agent') },
    },
    experiments: {
      columns: {
        status: union('draft', 'running', 'paused', 'completed'),
        unit: union('user', 'team', 'visitor'),
        assignment_mode: union('deterministic', 'random'),
        analysis_method: union('frequentist', 'sequential', 'bayesian'),
        correction: union('holm', 'bh', 'none'),
        correction_scope: union('metric', 'experiment'),
        // The generator appends `| null` to nullable columns.
        winner_decision: union('manual', 'automatic'),
        tags: { tsType: 'string[]' },
        kind: union('experiment', 'holdout'),
      },
    },
    experiment_templates: {
      columns: {
        analysis_method: union('frequentist', 'sequential', 'bayesian'),
        correction: union('holm', 'bh', 'none'),
        correction_scope: union('metric', 'experiment'),
      },
    },
    experiment_assignments: {
      columns: { how: union('deterministic', 'random', 'forced') },
    },
    experiment_audit_log: {
      columns: { entity_type: union('experiment', 'flag', 'segment', 'template', 'metric') },
    },
    feature_flags: {
      columns: {
        type: union('boolean', 'string', 'number', 'json'),
        unit: union('user', 'team', 'visitor'),
      },
    },
    // Maintained by PostgreSQL and read only inside search queries.
    tickets: {
      skipColumns: ['messages_vector', 'search_vector'],
      columns: {
        status: union('new', 'in_progress', 'pending', 'resolved', 'closed'),
        priority: union('low', 'medium', 'high', 'urgent'),
        source: union('help_center', 'api', 'agent', 'email'),
        tags: { tsType: 'string[]' },
      },
    },
    ticket_messages: { columns: { kind: union('customer', 'reply', 'note') } },
    ticket_status_history: {
      columns: {
        old_status: union('new', 'in_progress', 'pending', 'resolved', 'closed'),
        new_status: union('new', 'in_progress', 'pending', 'resolved', 'closed'),
        actor_type: union('agent', 'customer', 'system'),
      },
    },
    ticket_changes: { columns: { actor_type: union('agent', 'customer', 'system') } },
    notification_preferences: {
      columns: {
        frequency: union('immediate', 'daily', 'weekly', 'none'),
        experiment_digest: union('none', 'daily', 'weekly'),
      },
    },
    notifications: {
      columns: {
        audience: union('customer', 'agent'),
        type: union(
          'ticket_created',
          'agent_replied',
          'status_changed',
          'csat_request',
          'ticket_link',
          'new_ticket',
          'ticket_assigned',
          'customer_replied',
          'sla_warning',
          'digest',
          'experiment_alert',
          'experiment_digest'
        ),
        status: union('pending', 'held', 'sent', 'failed', 'suppressed', 'digested'),
        data: { tsType: 'Record<string, any>' },
      },
    },
    mail_outbox: { columns: { headers: { tsType: 'Record<string, string>' } } },
    faqs: { skipColumns: ['search_vector'], columns: { related_ids: { tsType: 'number[]' } } },
  },
} satisfies SchemaRules
