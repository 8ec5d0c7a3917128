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
      this.markRows()
      // One listener for every row's checkbox rather than an x-model on each of the 50.
      this.$el.addEventListener('change', (event) => {
        const box = event.target
        if (!box.matches('[data-ticket-row] input[type="checkbox"]')) return
        const others = this.selected.filter((id) => id !== box.value)
        this.selected = box.checked ? [...others, box.value] : others
        this.loadTools()
      })
      this.$watch('selected', () => this.markRows())
      // A live refresh of the list draws its rows anew: the focused and the selected ones
      // keep their marks.
      this.$el.addEventListener('htmx:after:swap', () => this.markRows())
    },

    /**
     * Each row's checkbox (made here: the server sends an empty first cell), the focused
     * row's class and the selected rows' boxes, set here rather than bound on each row.
     */
    markRows() {
      this.rows().forEach((row, index) => {
        row.classList.toggle('focused', index === this.focus)
        let box = row.querySelector('input[type="checkbox"]')
        if (!box) {
          box = document.createElement('input')
          box.type = 'checkbox'
          box.value = row.dataset.id
          box.setAttribute('aria-label', `Select #${row.dataset.ticketRow}`)
          row.cells[0]?.append(box)
        }
        box.checked = this.selected.includes(box.value)
      })
    },

    /** The bulk-action form, tag suggestions and shortcuts: fetched once, when first needed. */
    loadTools() {
      const tools = document.getElementById('inbox-tools')
      if (tools) window.htmx.trigger(tools, 'inbox-tools')
    },

    rows() {
      return [...document.querySelectorAll('[data-ticket-row]')]
    },

    move(step) {
      const rows = this.rows()
      if (!rows.length) return
      this.focus = Math.min(rows.length - 1, Math.max(0, this.focus + step))
      this.markRows()
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
          // The row's first link is the ticket's.
          row.querySelector('a')?.click()
          break
        case 'x':
          row?.querySelector('input[type="checkbox"]')?.click()
          break
        case '/':
          document.querySelector('[data-inbox-search]')?.focus()
          break
        case '?':
          this.loadTools()
          this.help = !this.help
          break
        default:
          return
      }
      event.preventDefault()
    },
  }
}
