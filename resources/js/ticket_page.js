/*
 * The ticket page's client state (Alpine): whether this agent is writing (sent with the
 * presence heartbeat, so others see "is writing a reply"), inserting knowledge-base
 * answers and saved replies (macros set the composer's fields) into the reply, telling the
 * server when the page is closed, and the keyboard: r reply, n note, m saved replies,
 * a assign to me, s status, j/k next/previous in the queue, ? the list,
 * Ctrl/Cmd+Enter sends (with Shift: send and open the next ticket).
 */
import { typingIn } from './keyboard.js'

const click = (selector) => document.querySelector(selector)?.click()

/** Switches the composer to a reply or a note and puts the cursor in it. */
function compose(kind) {
  click(`[data-composer] input[name="kind"][value="${kind}"]`)
  document.querySelector('[data-composer-body]')?.focus()
}

/** Opens the saved-reply picker and puts the cursor in its search. */
function openSavedReplies() {
  const picker = document.querySelector('[data-saved-reply-picker]')
  if (!picker) return
  picker.open = true
  picker.querySelector('input[type="search"]')?.focus()
}

/** Sets a select to a value it offers (a macro may name an agent no longer listed). */
function choose(select, value) {
  if (select && [...select.options].some((option) => option.value === value)) select.value = value
}

/** A field set by script counts as the agent's pick, like one set by hand. */
function pick(field, value) {
  if (!field) return
  if (field.tagName === 'SELECT') choose(field, value)
  else field.value = value
  field.dispatchEvent(new Event('change', { bubbles: true }))
}

/** A macro's priority, assignee and tags set on the composer's fields (tags are added). */
function applyMacroFields({ priority, assignee, tags }) {
  if (priority) pick(document.getElementById('composer-priority'), priority)
  if (assignee) {
    pick(document.getElementById('composer-assignee'), assignee === 'none' ? '' : assignee)
  }
  const tagField = document.getElementById('composer-tags')
  if (tags && tagField) {
    const current = tagField.value.split(',').map((tag) => tag.trim())
    const added = tags.split(',').map((tag) => tag.trim())
    pick(tagField, [...new Set([...current, ...added])].filter(Boolean).join(', '))
  }
}

/*
 * Unsent picks. Live changes of the ticket (presence included) re-render the fields beside
 * the composer and the side panel from the ticket, which would put the ticket's values back
 * over what the agent chose and has not sent. So each field the agent changes (by hand or by
 * a macro) is remembered on the element that outlives those re-renders, and set again after
 * every swap. Sending a form forgets its fields: the answer shows the ticket as it now is
 * (a sent or refused reply also brings a fresh composer, which starts with nothing kept).
 */
const KEPT = [
  { holder: '[data-composer]', fields: '.composer-fields [name]' },
  { holder: '#ticket-details', fields: 'select[name], textarea[name], input[name]:not([type="hidden"])' },
]
/** holder element → { field name: value (or checked, for a checkbox) } */
const picksOf = new WeakMap()

function keptArea(element) {
  for (const area of KEPT) {
    const holder = element.closest?.(area.holder)
    if (holder) return { holder, area }
  }
  return null
}

function rememberPick(field) {
  const kept = keptArea(field)
  if (!kept || !field.matches(kept.area.fields)) return
  const picks = picksOf.get(kept.holder) ?? {}
  picks[field.name] = field.type === 'checkbox' ? field.checked : field.value
  picksOf.set(kept.holder, picks)
}

function forgetPicks(form) {
  const kept = keptArea(form)
  const picks = kept && picksOf.get(kept.holder)
  if (!picks) return
  for (const field of form.querySelectorAll('[name]')) delete picks[field.name]
}

function restorePicks() {
  for (const area of KEPT) {
    const holder = document.querySelector(area.holder)
    const picks = holder && picksOf.get(holder)
    if (!picks) continue
    for (const field of holder.querySelectorAll(area.fields)) {
      if (!(field.name in picks)) continue
      const value = picks[field.name]
      if (field.type === 'checkbox') field.checked = value
      else if (field.tagName === 'SELECT') choose(field, value)
      else field.value = value
    }
  }
}

export function ticketPage() {
  return {
    replying: false,
    help: false,
    prefs: false,

    onKey(event) {
      const composer = event.target instanceof Element && event.target.closest('[data-composer]')
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && composer) {
        event.preventDefault()
        const next = composer.querySelector('[data-send-next]')
        composer.requestSubmit(event.shiftKey && next ? next : undefined)
        return
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return
      if (event.key === 'Escape') {
        this.help = false
        this.prefs = false
        if (typingIn(event.target)) event.target.blur()
        return
      }
      if (typingIn(event.target)) return
      switch (event.key) {
        case 'r':
          compose('reply')
          break
        case 'n':
          compose('note')
          break
        case 'm':
          openSavedReplies()
          break
        case 'a':
          click('[data-take]')
          break
        case 's':
          document.getElementById('status-select')?.focus()
          break
        case 'j':
          click('[data-queue="next"]')
          break
        case 'k':
          click('[data-queue="previous"]')
          break
        case '?':
          this.help = !this.help
          break
        default:
          return
      }
      event.preventDefault()
    },

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
      document.addEventListener(
        'submit',
        (event) => {
          // "Send as …" says the status itself: a macro's status then stays home.
          const macroStatus = event.target.querySelector?.('[data-macro-status]')
          if (macroStatus && event.submitter?.name === 'status') macroStatus.disabled = true
          forgetPicks(event.target)
        },
        true
      )
      // Typing counts too: a live change can land before the field loses focus.
      for (const type of ['input', 'change']) {
        document.addEventListener(type, (event) => rememberPick(event.target))
      }
      // A sent reply empties the composer; re-rendered fields keep the agent's choices.
      document.addEventListener('htmx:after:swap', () => {
        restorePicks()
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

    /** A saved reply: its text goes in; a macro also sets the fields sent with it. */
    applySavedReply(button) {
      const { body, status, statusLabel, priority, assignee, tags } = button.dataset
      this.insertAnswer(body)
      const macro = document.querySelector('[data-macro-status]')
      const note = document.querySelector('[data-macro-note]')
      if (macro) {
        if (status) {
          macro.value = status
          macro.disabled = false
        }
        if (status && note) {
          note.textContent = `On send, the status becomes ${statusLabel}.`
          note.hidden = false
        }
      }
      applyMacroFields({ priority, assignee, tags })
      button.closest('details').open = false
    },
  }
}
