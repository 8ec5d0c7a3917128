/*
 * Live updates: "channel X changed" messages from Transmit become htmx refreshes.
 *
 * An element opts in with `data-live="<channel>"` and an hx-trigger that includes
 * `live:refresh`, e.g.
 *   <section data-live="admin/users" hx-get="/admin/users/table"
 *            hx-trigger="live:refresh, every 60s">
 * Each message triggers `live:refresh` on every element that listens to its channel; the
 * element re-fetches its own partial, so rendering and authorization stay on the server.
 * After a reconnect every live element refreshes once, to catch up on what was missed.
 */
import { Transmit } from '@adonisjs/transmit-client'

const LIVE_SELECTOR = '[data-live]'

export function startLiveUpdates(htmx) {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  const signedIn = document.body.dataset.signedIn === 'true'
  if (!signedIn) return

  const addCsrf = (request) => {
    if (csrfToken) request.headers.set('x-csrf-token', csrfToken)
  }
  const transmit = new Transmit({
    baseUrl: window.location.origin,
    // Never give up: a laptop that sleeps or a server that restarts must come back.
    maxReconnectAttempts: Number.POSITIVE_INFINITY,
    beforeSubscribe: addCsrf,
    beforeUnsubscribe: addCsrf,
  })

  const subscriptions = new Map()
  let hasConnected = false

  // A burst of changes (a bulk action) becomes one refresh per channel.
  const pending = new Map()
  const refreshChannel = (channel) => {
    if (pending.has(channel)) return
    pending.set(
      channel,
      setTimeout(() => {
        pending.delete(channel)
        for (const element of document.querySelectorAll(LIVE_SELECTOR)) {
          if (element.dataset.live === channel) htmx.trigger(element, 'live:refresh')
        }
      }, 150)
    )
  }

  // Changes this tab makes are not announced back to it: it already shows them.
  document.addEventListener('htmx:config:request', (event) => {
    const headers = event.detail?.ctx?.request?.headers
    if (headers) headers['x-live-uid'] = transmit.uid
  })

  const subscribe = (channel) => {
    if (subscriptions.has(channel)) return
    const subscription = transmit.subscription(channel)
    subscription.onMessage(() => refreshChannel(channel))
    subscriptions.set(channel, subscription)
    subscription
      .create()
      .then(() => {
        // Marks listeners as live (styling hooks and tests wait for it).
        for (const element of document.querySelectorAll(LIVE_SELECTOR)) {
          if (element.dataset.live === channel) element.dataset.liveSubscribed = 'true'
        }
      })
      .catch((error) => {
        subscriptions.delete(channel)
        console.warn(`live updates: could not subscribe to ${channel}`, error)
      })
  }

  const scan = () => {
    for (const element of document.querySelectorAll(LIVE_SELECTOR)) subscribe(element.dataset.live)
  }

  const indicator = document.querySelector('[data-live-status]')
  const showState = (state, label) => {
    if (!indicator) return
    indicator.dataset.state = state
    indicator.querySelector('[data-live-label]').textContent = label
  }

  transmit.on('connected', () => {
    showState('connected', 'Live')
    document.body.dataset.liveConnected = 'true'
    if (hasConnected) {
      for (const channel of subscriptions.keys()) refreshChannel(channel)
    }
    hasConnected = true
  })
  transmit.on('disconnected', () => showState('reconnecting', 'Reconnecting…'))
  transmit.on('reconnecting', () => showState('reconnecting', 'Reconnecting…'))

  scan()
  // Partials swapped in later may carry live elements of their own.
  document.addEventListener('htmx:after:settle', scan)
}
