import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/** The files in `public/` all end in an extension (`robots.txt`, `assets/app-1a2b3c.js`). */
const FILE_PATH = /\.[A-Za-z0-9]+$/

/**
 * Serves `public/` through @adonisjs/static, but only for addresses that can name a file.
 * The static server looks every request up on disk (a `stat`) before passing it on, which
 * cost pages and API calls, whose addresses never end in an extension, a few per cent of
 * their CPU time.
 */
@inject()
export default class PublicFilesMiddleware {
  constructor(private files: StaticMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    return FILE_PATH.test(ctx.request.url()) ? this.files.handle(ctx, next) : next()
  }
}
