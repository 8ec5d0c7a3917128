/*
 * Beacon event tracker for host pages (no dependencies, ~2 KB).
 *
 *   <script src="https://beacon.example.com/beacon-tracker.js"></script>
 *   <script>
 *     var tracker = BeaconTracker.init({
 *       endpoint: 'https://beacon.example.com',   // where Beacon runs
 *       clientKey: 'hxk_…',                       // a *browser client key* (Admin → API tokens)
 *       userContext: { userId: 123 },             // ids of the unit your experiments use
 *     })
 *     tracker.track({ experimentId: 'checkout-button-copy', eventType: 'purchase', eventData: { eventValue: 49.9 } })
 *   </script>
 *
 * Events are queued and sent in batches (every few seconds, or when the batch is full) to
 * POST /api/experiments/track/batch. When the page is hidden or closed, what is left goes
 * out with navigator.sendBeacon. Every event carries an idempotency key, so a batch that
 * is retried after a network error is stored once.
 */
;(function (root) {
  'use strict'

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID()
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0
      return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16)
    })
  }

  function Tracker(options) {
    if (!options || !options.clientKey) throw new Error('BeaconTracker: clientKey is required')
    this.endpoint = (options.endpoint || '').replace(/\/$/, '')
    this.clientKey = options.clientKey
    this.userContext = options.userContext || {}
    this.maxBatch = Math.min(options.maxBatch || 50, 1000)
    this.queue = []
    this.sending = false
    var self = this
    this.timer = setInterval(function () {
      self.flush()
    }, options.flushInterval || 5000)
    var onHide = function () {
      if (root.document.visibilityState === 'hidden') self.flushOnExit()
    }
    root.document.addEventListener('visibilitychange', onHide)
    root.addEventListener('pagehide', function () {
      self.flushOnExit()
    })
  }

  /** Queues one event: { experimentId, eventType, variantId?, eventData?, userContext? }. */
  Tracker.prototype.track = function (event) {
    this.queue.push({
      experimentId: event.experimentId,
      variantId: event.variantId,
      eventType: event.eventType,
      userContext: event.userContext || this.userContext,
      eventData: event.eventData,
      idempotencyKey: event.idempotencyKey || uuid(),
      occurredAt: new Date().toISOString(),
    })
    if (this.queue.length >= this.maxBatch) this.flush()
  }

  Tracker.prototype.identify = function (userContext) {
    this.userContext = userContext || {}
  }

  /** Sends queued events; on a network or server error they stay queued for the next try. */
  Tracker.prototype.flush = function () {
    if (this.sending || this.queue.length === 0 || !root.fetch) return Promise.resolve()
    var batch = this.queue.slice(0, this.maxBatch)
    var self = this
    this.sending = true
    return root
      .fetch(this.endpoint + '/api/experiments/track/batch', {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + this.clientKey },
        body: JSON.stringify({ events: batch }),
      })
      .then(function (response) {
        // 2xx: committed (rejected events are answered per event and not retried); 4xx:
        // a request that will never succeed, dropped; 429 and 5xx: kept for later.
        if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
          self.queue.splice(0, batch.length)
        }
      })
      .catch(function () {})
      .then(function () {
        self.sending = false
      })
  }

  /** Page going away: hand what is left to the browser, which sends it after unload. */
  Tracker.prototype.flushOnExit = function () {
    if (this.queue.length === 0 || !root.navigator.sendBeacon) return
    var url = this.endpoint + '/api/experiments/track/batch?key=' + encodeURIComponent(this.clientKey)
    while (this.queue.length) {
      var batch = this.queue.splice(0, this.maxBatch)
      var body = new Blob([JSON.stringify({ events: batch })], { type: 'text/plain;charset=UTF-8' })
      if (!root.navigator.sendBeacon(url, body)) {
        this.queue = batch.concat(this.queue)
        return
      }
    }
  }

  root.BeaconTracker = {
    init: function (options) {
      return new Tracker(options)
    },
  }
})(window)
