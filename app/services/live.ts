/**
 * Live updates: "this changed" messages from any process (PostgreSQL NOTIFY) relayed to
 * the browsers' Transmit streams. Owns no table.
 */
export {
  campaignChannel,
  experimentChannel,
  LIVE_CHANNELS,
  ticketChannel,
  type LiveChannel,
} from '#services/live/channels'
export {
  announce,
  announceThrottled,
  closeLiveStreams,
  holdingAnnouncements,
  LIVE_UID,
  liveRelay,
  PG_LIVE_CHANNEL,
} from '#services/live/live_updates'
export { NotifyBridge } from '#services/live/notify_bridge'
