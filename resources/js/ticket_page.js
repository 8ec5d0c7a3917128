/*
 * The ticket page's client state (Alpine): whether this agent is writing (sent with the
 * presence heartbeat, so others see "is writing a reply"), inserting knowledge-base
 * answers into the reply, and telling the server when the page is closed.
 */
export function ticketPage() {
  return {
    replying: false,

    init() {
      this.$watch('replying', () => {
        const presence = document.getElementById('presence')
        if (presence) window.htmx.trigger(presence, 'replying-changed')
      })
      const leaveUrl = this.$el.dataset.leaveUrl
      const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
      // keepalive lets the request finish after the page is gone.
      window.addEventListener('pagehide', () => {
        fetch(leaveUrl, {
          method: 'POST',
          keepalive: true,
          headers: csrf ? { 'x-csrf-token': csrf } : {},
        }).catch(() => {})
      })
      // A sent reply empties the composer.
      document.addEventListener('htmx:after:swap', () => {
        const body = document.querySelector('[data-composer-body]')
        this.replying = Boolean(body && body.value.trim())
      })
    },

    insertAnswer(text) {
      const body = document.querySelector('[data-composer-body]')
      if (!body) return
      const start = body.selectionStart ?? body.value.length
      const end = body.selectionEnd ?? body.value.length
      const before = body.value.slice(0, start)
      const glue = before && !before.endsWith('\n') ? '\n\n' : ''
      body.value = before + glue + text + body.value.slice(end)
      body.focus()
      this.replying = true
    },
  }
}
