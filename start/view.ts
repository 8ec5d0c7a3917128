/*
|--------------------------------------------------------------------------
| Edge globals
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import env from '#start/env'
import { AREAS, NAVIGATION } from '#presenters/navigation'
import { experimentDesignValues, experimentFormState } from '#presenters/experiment_form'
import {
  estimateHeading,
  metricDefinitionText,
  metricKindLabel,
  metricResultNotes,
} from '#presenters/metric_labels'
import {
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatRatio,
  timeAgo,
} from '#presenters/format'
import { iconSvg } from '#presenters/icons'
import { useEdgeProductionCaches } from '#patches/edge_production_caches'
import { compactTemplates } from '#presenters/compact_templates'
import { PRIORITY_LABELS, STATUS_LABELS } from '#services/support'
import { ticketPriorityLabel, ticketStatusBadge } from '#presenters/ticket_badges'
import { slaDueBadge } from '#presenters/sla_badges'
import { PREFERENCE_CHOICES, STATUS_BADGES } from '#presenters/notification_labels'
import { correctionText, HEALTH_BADGES } from '#presenters/results_dashboard'
import { liftTone, metricDirectionText, plannedShare, verdictOf } from '#presenters/results_table'
import { targetingLines } from '#presenters/targeting_text'
import { formatUsers } from '#presenters/growth_labels'
import { renderMarkdown } from '#services/platform'
import { articleSlug } from '#presenters/article_links'
import { macroSummary } from '#presenters/saved_replies'
import { categoryTone } from '#presenters/category_badges'
import { attachmentInput, formatFileSize } from '#presenters/attachments'
import { foldEmail } from '#presenters/email_folding'
import {
  CAMPAIGN_STATUS_LABELS,
  campaignMetricRate,
  NO_WINNER_TEXT,
  WINNER_METRIC_LABELS,
} from '#presenters/campaign_report'
import { CHANNEL_LABELS, consentText, contactName, reachBadge } from '#presenters/contact_labels'
import { reachability } from '#services/contacts'

useEdgeProductionCaches(edge)
compactTemplates(edge)

edge.global('navigation', NAVIGATION)
edge.global('areas', AREAS)

edge.global('timeAgo', timeAgo)
edge.global('foldEmail', foldEmail)
edge.global('formatDateTime', formatDateTime)

/**
 * JSON for a <script type="application/json"> block: `<` is escaped so no value can
 * close the script element.
 */
edge.global('jsonForScript', (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c'))

edge.global('formatCount', formatCount)
edge.global('formatPercent', formatPercent)
edge.global('formatRatio', formatRatio)
edge.global('formatDuration', formatDuration)

edge.global('experimentFormState', experimentFormState)
edge.global('metricKindLabel', metricKindLabel)
edge.global('metricDefinitionText', metricDefinitionText)
edge.global('estimateHeading', estimateHeading)
edge.global('metricResultNotes', metricResultNotes)
edge.global('healthBadges', HEALTH_BADGES)
edge.global('correctionText', correctionText)
edge.global('verdictOf', verdictOf)
edge.global('liftTone', liftTone)
edge.global('metricDirectionText', metricDirectionText)
edge.global('plannedShare', plannedShare)
edge.global('targetingLines', targetingLines)
edge.global('formatUsers', formatUsers)
edge.global('formatFileSize', formatFileSize)
edge.global('attachmentInput', attachmentInput)
edge.global('experimentDesignValues', experimentDesignValues)

edge.global('icon', iconSvg)

edge.global('campaignStatusLabels', CAMPAIGN_STATUS_LABELS)
edge.global('winnerMetricLabels', WINNER_METRIC_LABELS)
edge.global('noWinnerText', NO_WINNER_TEXT)
edge.global('campaignMetricRate', campaignMetricRate)
edge.global('contactName', contactName)
edge.global('consentText', consentText)
edge.global('reachBadge', reachBadge)
edge.global('reachabilityOf', reachability)
edge.global('channelLabels', CHANNEL_LABELS)

/** The readable part of an article address: "how-do-i-reset-my-password". */
edge.global('slugify', articleSlug)

edge.global('helpCenter', {
  name: env.get('HELP_CENTER_NAME') || 'Help Center',
  supportEmail: env.get('SUPPORT_EMAIL') || 'support@example.com',
})

/** Ticket status and priority names as agents read them. */
edge.global('statusLabels', STATUS_LABELS)
edge.global('priorityLabels', PRIORITY_LABELS)
edge.global('ticketStatusBadge', ticketStatusBadge)
edge.global('ticketPriorityLabel', ticketPriorityLabel)
edge.global('slaDueBadge', slaDueBadge)
edge.global('notificationBadges', STATUS_BADGES)
edge.global('macroSummary', macroSummary)
edge.global('categoryTone', categoryTone)
edge.global('preferenceChoices', PREFERENCE_CHOICES)
// Agents' replies and notes are Markdown; customers' messages are shown as written.
edge.global('markdownHtml', (source: string) => renderMarkdown(source).html)
