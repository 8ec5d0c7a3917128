import { test } from '@japa/runner'
import crypto, { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { useKeyObjectsForSecrets } from '#patches/crypto_key_objects'

/** The HMAC as Node computes it from a KeyObject made on the spot. */
function reference(key: Buffer | string, data: string) {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key)
  return crypto.createHmac('sha256', crypto.createSecretKey(bytes)).update(data).digest('hex')
}

test.group('Secrets as KeyObjects', (group) => {
  group.setup(() => useKeyObjectsForSecrets())

  test('HMACs are the same with Buffer and string secrets', ({ assert }) => {
    const key = randomBytes(32)
    for (let i = 0; i < 3; i++) {
      assert.equal(createHmac('sha256', key).update('value').digest('hex'), reference(key, 'value'))
      assert.equal(
        createHmac('sha256', 'a secret').update('value').digest('hex'),
        reference('a secret', 'value')
      )
    }
  })

  test('a Buffer whose bytes change gives the new key, not a remembered one', ({ assert }) => {
    const key = randomBytes(32)
    const before = createHmac('sha256', key).update('value').digest('hex')
    key[0] ^= 0xff
    const after = createHmac('sha256', key).update('value').digest('hex')
    assert.notEqual(after, before)
    assert.equal(after, reference(key, 'value'))
  })

  test('AES-GCM encrypts and decrypts as before', ({ assert }) => {
    const key = randomBytes(32)
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const sealed = Buffer.concat([cipher.update('session data'), cipher.final()])
    const tag = cipher.getAuthTag()
    // Opened with a KeyObject made here, and with the raw key through the patched function.
    for (const decipher of [
      crypto.createDecipheriv('aes-256-gcm', crypto.createSecretKey(Buffer.from(key)), iv),
      createDecipheriv('aes-256-gcm', key, iv),
    ]) {
      decipher.setAuthTag(tag)
      const opened = Buffer.concat([decipher.update(sealed), decipher.final()])
      assert.equal(opened.toString(), 'session data')
    }
  })
})
