import type { BrowserContext } from 'playwright'

/**
 * Collects what the pages of a browser context report as going wrong: console errors and
 * warnings (Chromium reports every Content-Security-Policy violation there, Alpine every
 * expression it cannot evaluate) and uncaught page errors.
 */
export function watchConsole(context: BrowserContext) {
  const problems: string[] = []
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  context.on('weberror', (error) => problems.push(String(error.error())))
  return problems
}
