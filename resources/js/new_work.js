/*
 * New work in the inbox is noticed: rows of tickets opened since the inbox was loaded are
 * highlighted; while the tab is in the background their number is in the tab title
 * ("(2) Inbox · Beacon") until the agent comes back, and, once the agent opts in, a desktop
 * notification announces each new ticket and each ticket newly assigned to them.
 *
 * Rows carry `data-ticket-row` (number), and `data-mine` when assigned to the agent; the
 * inbox root carries `data-loaded-at` (the server's clock, so a skewed laptop clock does
 * not matter). The inbox's requests send that moment (`X-Inbox-Since`), and the server
 * marks the rows of tickets opened after it `data-new`.
 */
const OPT_IN_KEY = 'beacon.desktop-notifications'

export function newWork(root) {
  const loadedAt = Number(root.dataset.loadedAt)
  const baseTitle = document.title
  /** Ticket number → whether it was assigned to the agent, as last shown. */
  const known = new Map()
  const announced = new Set()
  let unread = 0

  const showCount = () => {
    document.title = unread ? `(${unread}) ${baseTitle}` : baseTitle
  }

  const notify = (title, body, href) => {
    // An agent looking at the inbox sees the change (often their own) already.
    if (!document.hidden) return
    if (localStorage.getItem(OPT_IN_KEY) !== 'on') return
    if (!('Notification' in window) || Notification.permission !== 'granted') return
    const notice = new Notification(title, { body, tag: href })
    notice.addEventListener('click', () => {
      window.focus()
      window.location.assign(href)
    })
  }

  const scan = (first) => {
    for (const row of document.querySelectorAll('[data-ticket-row]')) {
      const number = row.dataset.ticketRow
      const title = row.querySelector('strong')?.textContent ?? ''
      const href = row.querySelector('a')?.href
      const mine = row.hasAttribute('data-mine')
      const arrived = row.hasAttribute('data-new')
      if (arrived) row.classList.add('is-new')
      if (!first && arrived && !announced.has(number)) {
        announced.add(number)
        if (document.hidden) unread += 1
        notify(`New ticket #${number}`, title, href)
      }
      const before = known.get(number)
      if (!first && before === false && mine) {
        notify(`Assigned to you: #${number}`, title, href)
      }
      known.set(number, mine)
    }
    showCount()
  }

  document.addEventListener('htmx:config:request', (event) => {
    const headers = event.detail?.ctx?.request?.headers
    if (headers && root.contains(event.target)) headers['x-inbox-since'] = String(loadedAt)
  })
  scan(true)
  document.addEventListener('htmx:after:settle', () => scan(false))
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return
    unread = 0
    showCount()
  })
}

/** The opt-in button: asks the browser, then remembers the choice in this browser. */
export function desktopNotifications() {
  return {
    state: 'off',
    init() {
      if (!('Notification' in window)) this.state = 'unsupported'
      else if (Notification.permission === 'denied') this.state = 'blocked'
      else if (Notification.permission === 'granted' && localStorage.getItem(OPT_IN_KEY) === 'on') {
        this.state = 'on'
      }
    },
    async toggle() {
      if (this.state === 'on') {
        localStorage.removeItem(OPT_IN_KEY)
        this.state = 'off'
        return
      }
      const permission = await Notification.requestPermission()
      if (permission === 'granted') {
        localStorage.setItem(OPT_IN_KEY, 'on')
        this.state = 'on'
      } else {
        this.state = permission === 'denied' ? 'blocked' : 'off'
      }
    },
    get label() {
      return {
        on: 'Desktop notifications: on',
        off: 'Turn on desktop notifications',
        blocked: 'Notifications are blocked in this browser',
        unsupported: 'This browser has no desktop notifications',
      }[this.state]
    },
    get unavailable() {
      return this.state === 'blocked' || this.state === 'unsupported'
    },
  }
}
