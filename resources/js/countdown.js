/**
 * SLA countdowns: <time datetime="…" data-countdown> inside (or itself) a badge with
 * data-sla-state. Every 30 s the text says how long is left (or since when it is breached)
 * and the badge turns warning, then danger, as the server would render it now. A countdown
 * without a title (the inbox's rows, sent without to keep them short) gets the exact due
 * time as its title ("2026-11-21 07:34 UTC", as the server writes it elsewhere) on load and
 * after each htmx swap.
 */
const WARNING_MS = 60 * 60_000
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' })
const UNITS = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

function describe(seconds) {
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit)
    }
  }
}

function tick() {
  const now = Date.now()
  for (const time of document.querySelectorAll('time[data-countdown]')) {
    const left = Date.parse(time.getAttribute('datetime')) - now
    const state = left < 0 ? 'breached' : left < WARNING_MS ? 'soon' : 'running'
    time.textContent = `${state === 'breached' ? 'breached' : 'due'} ${describe(left / 1000)}`
    const badge = time.closest('[data-sla-state]')
    if (badge && badge.dataset.slaState !== state) {
      badge.dataset.slaState = state
      badge.classList.toggle('warn', state === 'soon')
      badge.classList.toggle('danger', state === 'breached')
    }
  }
}

function addTitles() {
  for (const time of document.querySelectorAll('time[data-countdown]:not([title])')) {
    if (time.closest('[title]')) continue
    const iso = new Date(time.getAttribute('datetime')).toISOString()
    time.title = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
  }
}

export function installCountdowns() {
  setInterval(tick, 30_000)
  addTitles()
  // A swapped-in badge was rendered when its request was answered: bring it to now.
  document.addEventListener('htmx:after:settle', () => {
    addTitles()
    tick()
  })
}
