import { test } from '@japa/runner'
import { Writable } from 'node:stream'
import { Logger } from '@adonisjs/core/logger'
import { makeChildLoggersOnFirstUse } from '#patches/lazy_child_loggers'

/** A logger writing JSON lines into an array, and that array. */
function capturingLogger(level = 'info') {
  const lines: any[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    },
  })
  const logger = new Logger({ enabled: true, name: 'probe', level, destination } as any)
  return { logger, lines }
}

test.group('Child loggers made on first use', () => {
  test('a child writes its bindings like a pino child, at its parent level', ({ assert }) => {
    const { logger, lines } = capturingLogger('warn')
    makeChildLoggersOnFirstUse(logger)
    const child = logger.child({ request_id: 'r-1' })
    assert.instanceOf(child, Logger)
    assert.equal(child.level, 'warn')
    assert.isFalse(child.isLevelEnabled('info'))
    child.info('not written')
    child.warn({ extra: 1 }, 'written')
    child.child({ step: 'inner' }).error('nested')
    assert.deepEqual(
      lines.map(({ msg, request_id, extra, step }) => ({ msg, request_id, extra, step })),
      [
        { msg: 'written', request_id: 'r-1', extra: 1, step: undefined },
        { msg: 'nested', request_id: 'r-1', extra: undefined, step: 'inner' },
      ]
    )
  })

  test('a child that never logs makes no pino child', ({ assert }) => {
    const { logger } = capturingLogger()
    makeChildLoggersOnFirstUse(logger)
    let made = 0
    const pinoChild = logger.pino.child.bind(logger.pino)
    logger.pino.child = ((...args: Parameters<typeof pinoChild>) => {
      made++
      return pinoChild(...args)
    }) as typeof pinoChild
    const children = Array.from({ length: 5 }, (_, i) => logger.child({ request_id: `r-${i}` }))
    assert.equal(made, 0)
    children[2].info('one')
    assert.equal(made, 1)
  })
})
