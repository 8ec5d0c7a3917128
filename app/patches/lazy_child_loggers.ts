import { Logger } from '@adonisjs/core/logger'

/**
 * Patches the app's logger manager (installed by providers/app_provider.ts). It can go
 * when the HTTP server of AdonisJS makes the request's child logger on first use itself
 * (`Server#createHttpContext` in @adonisjs/http-server 8 calls `logger.child` for every
 * request).
 *
 * Every request gets a child logger that carries its request id. Making a pino child
 * costs about 2 µs (pino rebinds every level method), a few per cent of a small API call,
 * and most requests never log a line. Here `child()` returns a logger that makes the pino
 * child when it is first used: same bindings, same output, same level.
 */
export function makeChildLoggersOnFirstUse(manager: Logger) {
  if (!manager.isEnabled) return
  manager.child = (bindings, options) =>
    new LazyChildLogger(manager, bindings, options) as unknown as Logger
}

type ChildArgs = Parameters<Logger['child']>

/**
 * A Logger whose `pino` is made on first use. The prototype chain reaches Logger's
 * methods (they only read `this.config` and `this.pino`) without running Logger's
 * constructor, which would set `pino` as an own field.
 */
class LazyChildLogger {
  #pino: Logger['pino'] | undefined
  protected config: unknown

  constructor(
    private parent: Logger,
    private bindings: ChildArgs[0],
    private options: ChildArgs[1]
  ) {
    this.config = (parent as unknown as { config: unknown }).config
  }

  get pino() {
    return (this.#pino ??= this.parent.pino.child(this.bindings, this.options))
  }
}
Object.setPrototypeOf(LazyChildLogger.prototype, Logger.prototype)
