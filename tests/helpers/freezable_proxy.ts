import net from 'node:net'

/**
 * A TCP proxy in front of PostgreSQL that can be frozen: while frozen it accepts
 * connections and keeps every socket open but forwards no byte either way, which is what a
 * client sees of a postmaster stopped with SIGSTOP (or a hung server). Thawing forwards
 * what waited, as the server does when continued.
 */
export interface FreezableProxy {
  port: number
  /** `url` with its host and port replaced by the proxy's. */
  urlThrough(url: string): string
  freeze(): void
  thaw(): void
  close(): Promise<void>
}

interface Link {
  client: net.Socket
  upstream: net.Socket | null
  waiting: Buffer[]
}

export async function startFreezableProxy(target: {
  host: string
  port: number
}): Promise<FreezableProxy> {
  let frozen = false
  const links = new Set<Link>()

  // Upstream is dialled on thaw for connections accepted while frozen.
  const open = (link: Link) => {
    const upstream = net.connect(target.port, target.host)
    link.upstream = upstream
    upstream.on('data', (chunk) => link.client.write(chunk))
    upstream.on('close', () => link.client.destroy())
    upstream.on('error', () => link.client.destroy())
    for (const chunk of link.waiting.splice(0)) upstream.write(chunk)
  }

  const server = net.createServer((client) => {
    const link: Link = { client, upstream: null, waiting: [] }
    links.add(link)
    client.on('data', (chunk) => {
      if (link.upstream) link.upstream.write(chunk)
      else link.waiting.push(chunk)
    })
    client.on('close', () => {
      link.upstream?.destroy()
      links.delete(link)
    })
    client.on('error', () => client.destroy())
    if (frozen) client.pause()
    else open(link)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port

  return {
    port,
    urlThrough(url) {
      const through = new URL(url)
      through.hostname = '127.0.0.1'
      through.port = String(port)
      return through.toString()
    },
    freeze() {
      frozen = true
      for (const link of links) {
        link.client.pause()
        link.upstream?.pause()
      }
    },
    thaw() {
      frozen = false
      for (const link of links) {
        if (!link.upstream) open(link)
        link.upstream!.resume()
        link.client.resume()
      }
    },
    async close() {
      for (const link of links) {
        link.client.destroy()
        link.upstream?.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
