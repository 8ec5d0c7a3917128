/**
 * Creates .env from .env.example with a fresh APP_KEY when .env is missing, so that
 * `npm run dev` and `npm test` work on a fresh checkout. Never overwrites an existing .env.
 * Plain JavaScript: it runs before the TypeScript loader is available.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const envPath = new URL('../.env', import.meta.url)
const examplePath = new URL('../.env.example', import.meta.url)

if (!existsSync(envPath)) {
  const key = randomBytes(32).toString('base64url')
  const contents = readFileSync(examplePath, 'utf8').replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`)
  writeFileSync(envPath, contents, { mode: 0o600 })
  console.log('Created .env from .env.example with a new APP_KEY')
}
