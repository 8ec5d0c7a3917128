import env from '#start/env'
import { TEST_PASSWORD } from '#database/factories/user_factory'

export interface Visit {
  status: number
  location: string | null
  /** The Set-Cookie headers as sent. */
  setCookies: string[]
  text: string
}

/**
 * A browser reduced to its cookie jar, over plain fetch: it keeps the cookies the app
 * sets, so a session can be copied to another "browser" and replayed, as a stolen cookie
 * would be. (The api client's session plugin ends each response's session after the
 * request, so it cannot replay one.)
 */
export class CookieBrowser {
  private cookies = new Map<string, string>()
  private csrfToken = ''
  private lastPath = '/'

  /** Another browser holding a copy of this one's cookies. */
  copy() {
    const thief = new CookieBrowser()
    thief.cookies = new Map(this.cookies)
    return thief
  }

  async get(path: string) {
    const visit = await this.send('GET', path)
    const token = /name='_csrf' value='([^']+)'/.exec(visit.text)
    if (token) this.csrfToken = token[1]
    this.lastPath = path
    return visit
  }

  /** Submits a form of the last page visited (its CSRF token; it is the referrer). */
  submit(path: string, fields: Record<string, string> = {}) {
    return this.send('POST', path, { _csrf: this.csrfToken, ...fields })
  }

  async signIn(email: string, password = TEST_PASSWORD) {
    await this.get('/login')
    const visit = await this.submit('/login', { email, password })
    if (visit.location !== '/') throw new Error(`sign-in failed: ${visit.status} ${visit.location}`)
  }

  /** Whether a staff page opens (signed in) rather than sending to /login. */
  async isSignedIn() {
    const visit = await this.send('GET', '/tickets')
    if (visit.status === 200) return true
    if (visit.location === '/login') return false
    throw new Error(`unexpected answer ${visit.status} ${visit.location}`)
  }

  private async send(method: string, path: string, form?: Record<string, string>) {
    const base = `http://${env.get('HOST')}:${env.get('PORT')}`
    const response = await fetch(new URL(path, base), {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        referer: base + this.lastPath,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    })
    const setCookies = response.headers.getSetCookie()
    for (const header of setCookies) {
      const [pair] = header.split(';')
      const [name, ...value] = pair.split('=')
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name)
      else this.cookies.set(name, value.join('='))
    }
    const visit: Visit = {
      status: response.status,
      location: response.headers.get('location'),
      setCookies,
      text: await response.text(),
    }
    return visit
  }
}
