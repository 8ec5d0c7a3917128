import crypto from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'

/**
 * Patches node:crypto for the whole process (installed by providers/app_provider.ts).
 * It can go when Node accepts a Buffer key about as fast as a KeyObject (re-measure with
 * tests/unit/patches/crypto_key_objects.spec.ts on a new Node major), or when AdonisJS
 * hands its cookie, session and encryption code KeyObjects itself.
 *
 * On Node 24, `createHmac`, `createCipheriv` and `createDecipheriv` spend about 11 µs
 * checking what kind of key they were given when it is a Buffer or a string, against about
 * 0.2 µs for a `KeyObject` (measured: an HMAC-SHA256 of a short value costs 13 µs with a
 * Buffer key, 2.4 µs with a KeyObject). Every request signs and verifies its session and
 * visitor cookies and encrypts the session with such keys, about ten times: a tenth of the
 * CPU time of a small page.
 *
 * This makes those three functions use a KeyObject made once per distinct secret. It is
 * keyed by the secret's bytes (not by the Buffer object, whose contents could change), so
 * the result is byte-for-byte what the raw key gives. Only a few secrets are remembered:
 * a process uses a handful (APP_KEY, derived keys), and anything beyond is passed through.
 */
const MAX_KEYS = 32
const keys = new Map<string, crypto.KeyObject>()

function asKeyObject(key: unknown): unknown {
  let bytes: Buffer
  if (typeof key === 'string') bytes = Buffer.from(key, 'utf8')
  else if (Buffer.isBuffer(key)) bytes = key
  else return key
  const id = bytes.toString('base64')
  let keyObject = keys.get(id)
  if (!keyObject) {
    if (keys.size >= MAX_KEYS || bytes.length === 0) return key
    keyObject = crypto.createSecretKey(Buffer.from(bytes))
    keys.set(id, keyObject)
  }
  return keyObject
}

let installed = false

export function useKeyObjectsForSecrets() {
  if (installed) return
  installed = true
  const { createHmac, createCipheriv, createDecipheriv } = crypto
  const patched = crypto as any
  patched.createHmac = (algorithm: string, key: any, options?: any) =>
    createHmac(algorithm, asKeyObject(key) as any, options)
  patched.createCipheriv = (algorithm: string, key: any, iv: any, options?: any) =>
    createCipheriv(algorithm, asKeyObject(key) as any, iv, options)
  patched.createDecipheriv = (algorithm: string, key: any, iv: any, options?: any) =>
    createDecipheriv(algorithm, asKeyObject(key) as any, iv, options)
  // Modules that import these by name (`import { createHmac } from 'node:crypto'`) see the
  // change too.
  syncBuiltinESMExports()
}
