/*
 * The inbox's client state (Alpine): the selection for bulk actions and keyboard
 * navigation. j/k move, o or Enter opens, x selects, / searches, ? shows the shortcuts.
 * Rows are read from the DOM on each key press, so a live refresh of the list keeps working.
 * New tickets are highlighted, counted in the tab title and announced (new_work.js).
 */
import { typingIn } from './keyboard.js'
import { newWork } from './new_work.js'

export function inbox() {
  return {
    selected: [],
    bulkAction: 'assign',
    focus: -1,
    help: false,
    // Phones only: the filters fold behind a button (CSS shows them always on wider screens).
    filtersOpen: false,

    init() {
      newWork(this.$el)
      // A live refresh of the list draws its rows anew: the focused one keeps its mark.
      this.$el.addEventListener('htmx:after:swap', () => this.markFocus())
    },

    /** The focused row's class, set here rather than bound on each of the 50 rows. */
    markFocus() {
      this.rows().forEach((row, index) => row.classList.toggle('focused', index === this.focus))
    },

    rows() {
      return [...document.querySelectorAll('[data-ticket-row]')]
    },

    move(step) {
      const rows = this.rows()
      if (!rows.length) return
      this.focus = Math.min(rows.length - 1, Math.max(0, this.focus + step))
      this.markFocus()
      rows[this.focus].scrollIntoView({ block: 'nearest' })
    },

    onKey(event) {
      if (event.metaKey || event.ctrlKey || event.altKey) return
      if (event.key === 'Escape') {
        this.help = false
        if (typingIn(event.target)) event.target.blur()
        return
      }
      if (typingIn(event.target)) return
      const row = this.rows()[this.focus]
      switch (event.key) {
        case 'j':
          this.move(1)
          break
        case 'k':
          this.move(-1)
          break
        case 'o':
        case 'Enter':
          if (!row) return
          row.querySelector('[data-open]')?.click()
          break
        case 'x':
          row?.querySelector('input[type="checkbox"]')?.click()
          break
        case '/':
          document.querySelector('[data-inbox-search]')?.focus()
          break
        case '?':
          this.help = !this.help
          break
        default:
          return
      }
      event.preventDefault()
    },
  }
}
