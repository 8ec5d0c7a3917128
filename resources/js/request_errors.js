/*
 * htmx requests that fail (server error, network down, timeout) never swap an error page
 * into a fragment (see the htmx-config meta tag); the person gets a short notice instead
 * and the fragment keeps its last good content.
 */
export function installRequestErrorNotice() {
  let timer
  const show = (message) => {
    const notice = document.getElementById('request-error')
    if (!notice) return
    notice.querySelector('[data-message]').textContent = message
    notice.hidden = false
    clearTimeout(timer)
    timer = setTimeout(() => (notice.hidden = true), 8000)
  }

  document.addEventListener('htmx:response:error', (event) => {
    const ctx = event.detail?.ctx
    // A refresh or redirect (stale CSRF token, expired session) handles itself.
    if (ctx?.hx?.refresh || ctx?.hx?.redirect) return
    const status = ctx?.response?.status
    if (status === 503) show('The service is temporarily unavailable. It will retry by itself.')
    else if (status === 429) show('Too many requests. Wait a moment and try again.')
    else if (status === 403) show('You are not allowed to do that.')
    else show(`That did not work (error ${status}). Please try again.`)
  })
  document.addEventListener('htmx:error', () => {
    show('Connection problem: the server could not be reached.')
  })
}
