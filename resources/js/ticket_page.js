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
function choose(selector, value) {
  const select = document.querySelector(selector)
  if (select && [...select.options].some((option) => option.value === value)) select.value = value
}

/** A macro's priority, assignee and tags set on the composer's fields (tags are added). */
function applyMacroFields({ priority, assignee, tags }) {
  if (priority) choose('#composer-priority', priority)
  if (assignee) choose('#composer-assignee', assignee === 'none' ? '' : assignee)
  const tagField = document.getElementById('composer-tags')
  if (tags && tagField) {
    const current = tagField.value.split(',').map((tag) => tag.trim())
    const added = tags.split(',').map((tag) => tag.trim())
    tagField.value = [...new Set([...current, ...added])].filter(Boolean).join(', ')
  }
}

/*
 * What the agent chose beside the composer (by hand or by a macro) is kept on the composer
 * form, because the fields' partial is re-rendered on every live change of the ticket
 * (presence included) and would put the ticket's values back. A sent or refused message
 * brings a fresh composer, and with it the ticket's values again.
 */
const PICKED = '.composer-fields [name]'
const picksOf = new WeakMap()

function rememberPicks(form) {
  const picks = {}
  for (const field of form.querySelectorAll(PICKED)) picks[field.name] = field.value
  picksOf.set(form, picks)
}

function restorePicks() {
  const form = document.querySelector('[data-composer]')
  const picks = form && picksOf.get(form)
  if (!picks) return
  for (const [name, value] of Object.entries(picks)) {
    const field = form.querySelector(`.composer-fields [name="${name}"]`)
    if (field?.tagName === 'SELECT') choose(`#${field.id}`, value)
    else if (field) field.value = value
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
      // "Send as …" says the status itself: a macro's status then stays home.
      document.addEventListener(
        'submit',
        (event) => {
          const macroStatus = event.target.querySelector?.('[data-macro-status]')
          if (macroStatus && event.submitter?.name === 'status') macroStatus.disabled = true
        },
        true
      )
      // Typing counts too: a live change can land before the field loses focus.
      for (const type of ['input', 'change']) {
        document.addEventListener(type, (event) => {
          const form = event.target.closest?.('[data-composer]')
          if (form && event.target.matches(PICKED)) rememberPicks(form)
        })
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
      const form = document.querySelector('[data-composer]')
      if (form) rememberPicks(form)
      button.closest('details').open = false
    },
  }
}
