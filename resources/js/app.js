/*
 * Browser entry: htmx for partial updates, Alpine (its CSP build: no eval, see
 * components.js) for small client state, and the live-update bridge from Transmit to htmx.
 */
import htmx from 'htmx.org'
import Alpine from '@alpinejs/csp'
import { startLiveUpdates } from './live.js'
import { installRequestErrorNotice } from './request_errors.js'
import { installFormValidation } from './form_validation.js'
import { installScrollRegions } from './scroll_regions.js'
import { installCountdowns } from './countdown.js'
import { experimentForm, sendSampleSizeInputs } from './experiment_form.js'
import { audienceForm, copyable, embeddedJson, flagForm, growthFilters } from './components.js'
import { targetingBuilder } from './targeting_builder.js'
import { inbox } from './inbox.js'
import { desktopNotifications } from './new_work.js'
import { ticketPage } from './ticket_page.js'

window.htmx = htmx
window.Alpine = Alpine

installRequestErrorNotice()
installFormValidation()
installScrollRegions()
installCountdowns()

// <form data-confirm="Question?"> asks before submitting (the text is data, never code).
document.addEventListener(
  'submit',
  (event) => {
    const question = event.target instanceof HTMLFormElement ? event.target.dataset.confirm : null
    if (question && !window.confirm(question)) {
      event.preventDefault()
      // Capture phase on document: the form's own listeners (htmx) never see the submit.
      event.stopPropagation()
    }
  },
  true
)
document.addEventListener('htmx:config:request', sendSampleSizeInputs)

// <button data-dismiss> hides its parent (a notice): no inline handler, which the CSP refuses.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-dismiss]') : null
  if (button?.parentElement) button.parentElement.hidden = true
})

Alpine.data('audienceForm', audienceForm)
Alpine.data('copyable', copyable)
Alpine.data('flagForm', flagForm)
Alpine.data('targetingBuilder', targetingBuilder)
Alpine.data('growthFilters', growthFilters)
Alpine.data('experimentForm', () => experimentForm(embeddedJson('experiment-form-state')))
Alpine.data('inbox', inbox)
Alpine.data('desktopNotifications', desktopNotifications)
Alpine.data('ticketPage', ticketPage)
Alpine.start()
startLiveUpdates(htmx)
