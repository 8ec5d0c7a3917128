/**
 * Campaigns: email and SMS A/B tests to contacts (docs/campaigns.md). A campaign owns an
 * experiment whose unit is the contact: assignment, events and the analyses are the
 * experiments' and results' own. Campaigns keep the templates, one message row per
 * recipient (queued, claimed before the provider call, retried, tracked once per kind),
 * the reply keyword rules, the winner and the kill switch. Tables: campaigns,
 * campaign_variants, campaign_messages, campaign_reply_rules, campaign_settings.
 */
export {
  campaignChanged,
  createCampaign,
  findCampaignOrFail as getCampaign,
  listCampaigns,
  templateMessages,
  type CampaignInput,
  type CampaignMode,
  type CampaignVariantInput,
  type Channel,
  type Fallback,
} from '#services/campaigns/campaign_service'
export {
  addRecipients,
  recipientVariant,
  type RecipientsAdded,
} from '#services/campaigns/recipients'
export {
  channelRate,
  emailParts,
  sendCampaign,
  sendDueMessages,
  smsBody,
  sweepCampaignSending,
  wakeSender,
} from '#services/campaigns/sending'
export { previewContacts, previewMessage } from '#services/campaigns/preview'
export { linkToken } from '#services/campaigns/link_tokens'
export { campaignsOfContact, type ContactCampaign } from '#services/campaigns/contact_history'
export { sendingState, setSendingPaused, type SendingState } from '#services/campaigns/kill_switch'
export {
  attributeReply,
  botClickReason,
  recordClick,
  recordConversion,
  recordDeliveryStatus,
  recordOpen,
} from '#services/campaigns/tracking'
export {
  campaignResults,
  campaignSeries,
  decideDueTests,
  identifyWinner,
  setManualWinner,
  type CampaignResults,
  type VariantResults,
} from '#services/campaigns/results'
export { campaignSignificance, type Significance } from '#services/campaigns/significance'
export {
  classifyReply,
  replyRules,
  saveReplyRules,
  type ReplyClass,
} from '#services/campaigns/reply_rules'
export {
  countSms,
  smsEncoding,
  type SmsCount,
  type SmsEncoding,
} from '#services/campaigns/sms_encoding'
export { PLACEHOLDERS, renderTemplate, unknownPlaceholders } from '#services/campaigns/templates'
export {
  CAMPAIGN_EVENTS,
  WINNER_METRICS,
  type WinnerMetric,
} from '#services/campaigns/campaign_events'
