/*
 * Every form shows its errors the same way: each beside its field, all at once, and each
 * gone as soon as its field is fixed.
 *
 * - The server's messages of the previous submit (components/field.edge) sit in the field's
 *   help block; editing the field until the browser accepts it removes them.
 * - Forms the browser checks before sending (no `novalidate`) would show one bubble, for
 *   the first problem only. Each `invalid` event is taken over instead: every invalid field
 *   gets its message beside it, and the first is focused.
 */

const CLIENT_ERROR = 'data-client-error'

function isControl(element) {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof HTMLTextAreaElement
  )
}

/** The element that holds a field's messages, made when the server rendered none. */
function helpBlock(control) {
  const existing = (control.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? document.getElementById(id) : null))
    .find((element) => element?.classList.contains('field-help'))
  if (existing) return existing
  const help = document.createElement('div')
  help.className = 'field-help'
  help.id = `${control.id || control.name || 'field'}-help-${Math.random().toString(36).slice(2, 8)}`
  const wrapper = control.closest('.field') ?? control.parentElement
  wrapper.append(help)
  control.setAttribute(
    'aria-describedby',
    [control.getAttribute('aria-describedby'), help.id].filter(Boolean).join(' ')
  )
  return help
}

function showError(control, message) {
  const help = helpBlock(control)
  let line = help.querySelector(`[${CLIENT_ERROR}]`)
  if (!line) {
    line = document.createElement('p')
    line.className = 'field-error'
    line.setAttribute(CLIENT_ERROR, '')
    help.prepend(line)
  }
  line.textContent = message
  control.setAttribute('aria-invalid', 'true')
  control.closest('.field')?.classList.add('has-error')
}

function clearErrors(control) {
  const help = helpBlock(control)
  for (const line of help.querySelectorAll('.field-error')) line.remove()
  control.removeAttribute('aria-invalid')
  control.closest('.field')?.classList.remove('has-error')
}

export function installFormValidation() {
  let firstInvalid = null
  document.addEventListener(
    'invalid',
    (event) => {
      const control = event.target
      if (!isControl(control)) return
      // No bubble: the message goes beside the field, for every invalid field at once.
      event.preventDefault()
      showError(control, control.validationMessage)
      if (!firstInvalid) {
        firstInvalid = control
        // After the whole check (a task, not a microtask: those run between its events).
        setTimeout(() => {
          firstInvalid?.focus()
          firstInvalid = null
        })
      }
    },
    true
  )
  const recheck = (event) => {
    const control = event.target
    if (!isControl(control) || control.getAttribute('aria-invalid') !== 'true') return
    if (control.validity.valid) clearErrors(control)
    else showError(control, control.validationMessage)
  }
  document.addEventListener('input', recheck, true)
  document.addEventListener('change', recheck, true)
}
