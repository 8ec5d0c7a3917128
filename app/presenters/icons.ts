/**
 * The navigation's icons (stroke style), a global function rather than a component because
 * the layout draws several on every page. Each refers to a symbol of one sprite,
 * `public/icons.svg` (fetched once and cached), instead of repeating its paths in every
 * page; the stroke style comes from the stylesheet (`.stroke-icon`).
 */
export function iconSvg(name: string) {
  return `<svg class="stroke-icon" aria-hidden="true"><use href="/icons.svg#${name}"/></svg>`
}
