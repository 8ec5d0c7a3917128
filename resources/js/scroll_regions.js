/*
 * A table wider than its card scrolls inside its .table-wrap: that region must be reachable
 * by keyboard (Tab to it, then the arrow keys scroll it). Only regions that actually scroll
 * join the tab order, re-checked when htmx swaps content in and when the window resizes.
 */
function markScrollRegions(root = document) {
  for (const region of root.querySelectorAll('.table-wrap')) {
    if (region.scrollWidth > region.clientWidth) region.tabIndex = 0
    else region.removeAttribute('tabindex')
  }
}

export function installScrollRegions() {
  // After the stylesheet applies (load), and after each swap has settled into its layout.
  window.addEventListener('load', () => markScrollRegions())
  document.addEventListener('htmx:after:settle', () => markScrollRegions())
  window.addEventListener('resize', () => markScrollRegions())
}
