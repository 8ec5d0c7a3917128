import { request } from 'node:http'

/** What a current browser sends; the load runs with it, so compression is part of the cost. */
export const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd'

/** The bytes of a page as sent (no decompression), with the Accept-Encoding given. */
function sentBytes(url: string, cookie: string, acceptEncoding: string | null) {
  return new Promise<{ bytes: number; encoding: string }>((resolve, reject) => {
    const headers: Record<string, string> = { cookie }
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding
    request(url, { headers }, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${url}: ${response.statusCode}`))
        resolve({ bytes, encoding: response.headers['content-encoding'] ?? 'identity' })
      })
    })
      .on('error', reject)
      .end()
  })
}

/** Prints, per page, its size uncompressed, gzipped and as a browser gets it. */
export async function printPageSizes(base: string, cookie: string, pages: [string, string][]) {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  console.log('\n| Page | uncompressed | gzip | as a browser gets it |')
  console.log('| --- | --- | --- | --- |')
  for (const [name, path] of pages) {
    const plain = await sentBytes(base + path, cookie, null)
    const gzip = await sentBytes(base + path, cookie, 'gzip')
    const browser = await sentBytes(base + path, cookie, BROWSER_ENCODINGS)
    console.log(
      `| ${name} | ${kb(plain.bytes)} | ${kb(gzip.bytes)} | ${kb(browser.bytes)} (${browser.encoding}) |`
    )
  }
}
