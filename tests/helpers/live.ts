import transmit from '@adonisjs/transmit/services/main'

export interface SeenBroadcast {
  channel: string
  payload: { reason: string }
}

/**
 * Resolves with the first Transmit broadcast on `channel`. `trigger` is called (again
 * every 500 ms) until one arrives, so a listener that is still reconnecting gets time.
 */
export function waitForBroadcast(
  channel: string,
  timeoutMs: number,
  trigger: () => Promise<unknown>
) {
  return new Promise<SeenBroadcast>((resolve, reject) => {
    const stop = transmit.on('broadcast', (event: any) => {
      if (event.channel !== channel) return
      cleanup()
      resolve({ channel: event.channel, payload: event.payload })
    })
    const retry = setInterval(() => void trigger().catch(() => {}), 500)
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`no broadcast on ${channel} within ${timeoutMs} ms`))
    }, timeoutMs)
    const cleanup = () => {
      stop()
      clearInterval(retry)
      clearTimeout(timer)
    }
    void trigger().catch(() => {})
  })
}
