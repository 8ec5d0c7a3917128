/**
 * Signs a user in through the login form, as a browser would (CSRF token, cookies), and
 * returns the Cookie header for the benchmark's requests. `check` is a page only a
 * signed-in user may open: the sign-in is verified against it.
 */
export async function signIn(url: string, email: string, password: string, check: string) {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
  }
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const page = await fetch(`${url}/login`)
  keep(page)
  const form = await page.text()
  const csrf = form.match(/name=["']_csrf["'] value=["']([^"']+)["']/)?.[1]
  if (!csrf) throw new Error('no CSRF token on /login')
  const signedIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': header() },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  })
  keep(signedIn)
  const verified = await fetch(`${url}${check}`, {
    headers: { cookie: header() },
    redirect: 'manual',
  })
  if (verified.status !== 200) throw new Error(`sign-in failed: ${check} gave ${verified.status}`)
  return header()
}
