/**
 * The yardstick of bench:http: a minimal AdonisJS v7 app (the core provider, one JSON
 * route, no middleware), plain JavaScript so that it needs no build. What AdonisJS itself
 * can serve on this machine; the product's routes are measured as a ratio of it.
 */
import { Ignitor } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

new Ignitor(APP_ROOT, {
  importer: (filePath) =>
    filePath.startsWith('./') || filePath.startsWith('../')
      ? import(new URL(filePath, APP_ROOT).href)
      : import(filePath),
})
  .tap((app) => app.listen('SIGTERM', () => app.terminate()))
  .httpServer()
  .start()
