import { test } from '@japa/runner'
import { countSms, smsEncoding } from '#services/campaigns/sms_encoding'

test.group('SMS encoding and segments', () => {
  test('GSM-7 text: 160 in one segment, 161 makes two of 153', ({ assert }) => {
    assert.equal(smsEncoding('Hi Ana, 20% off today!'), 'GSM-7')
    assert.deepInclude(countSms('a'.repeat(160)), {
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
      perSegment: 160,
      remaining: 0,
    })
    assert.deepInclude(countSms('a'.repeat(161)), { segments: 2, perSegment: 153, remaining: 145 })
    assert.deepInclude(countSms('a'.repeat(306)), { segments: 2 })
    assert.deepInclude(countSms('a'.repeat(307)), { segments: 3 })
  })

  test('extension characters take two septets', ({ assert }) => {
    const count = countSms('€[]{}')
    assert.equal(count.encoding, 'GSM-7')
    assert.equal(count.characters, 5)
    assert.equal(count.units, 10)
    assert.equal(countSms('€'.repeat(80)).segments, 1)
    assert.equal(countSms('€'.repeat(81)).segments, 2)
  })

  test('anything outside GSM-7 makes the whole text UCS-2: 70, then 67 per segment', ({
    assert,
  }) => {
    assert.equal(smsEncoding('Merci ! Ça va ?'), 'GSM-7')
    assert.equal(smsEncoding('Olá, promoção'), 'UCS-2')
    assert.deepInclude(countSms('ç'.repeat(70)), { encoding: 'UCS-2', segments: 1, perSegment: 70 })
    assert.deepInclude(countSms('ç'.repeat(71)), { segments: 2, perSegment: 67 })
    // An emoji is two UTF-16 code units but one character for a person.
    assert.deepInclude(countSms('🎉'), { encoding: 'UCS-2', characters: 1, units: 2, segments: 1 })
  })

  test('an empty text has no segment', ({ assert }) => {
    assert.deepInclude(countSms(''), { encoding: 'GSM-7', units: 0, segments: 0, remaining: 160 })
  })
})
