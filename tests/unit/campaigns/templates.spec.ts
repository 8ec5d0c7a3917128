import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  linksIn,
  renderTemplate,
  replaceLinks,
  unknownPlaceholders,
} from '#services/campaigns/templates'
import { nextSendTime } from '#services/campaigns/quiet_hours'
import { classifyReply, DEFAULT_REPLY_RULES } from '#services/campaigns/reply_rules'
import { botClickReason } from '#services/campaigns/tracking'

test.group('Campaign templates', () => {
  test('placeholders take the contact value, else the fallback, else nothing', ({ assert }) => {
    const template = 'Hi {first_name|there}, {fields.city|your town} deal for {last_name}!'
    assert.equal(
      renderTemplate(template, { first_name: 'Ana', last_name: 'Lee', fields: { city: 'Lyon' } }),
      'Hi Ana, Lyon deal for Lee!'
    )
    assert.equal(
      renderTemplate(template, { first_name: '  ', fields: {} }),
      'Hi there, your town deal for !'
    )
  })

  test('unknown placeholders are reported, each once', ({ assert }) => {
    assert.deepEqual(
      unknownPlaceholders('Hi {first_name} {frist_name} {frist_name|x} {fields.plan}'),
      ['frist_name']
    )
    assert.deepEqual(unknownPlaceholders('No placeholder, just {} braces'), [])
  })

  test('links are found in order and replaced by the tracked ones', ({ assert }) => {
    const text = 'See https://shop.example/sale?x=1. Or http://b.example/p!'
    assert.deepEqual(linksIn(text), ['https://shop.example/sale?x=1', 'http://b.example/p'])
    assert.equal(
      replaceLinks(text, (n) => `https://app/c/t/${n}`),
      'See https://app/c/t/0. Or https://app/c/t/1!'
    )
  })
})

test.group('SMS quiet hours', () => {
  const quiet = { start: '21:00', end: '08:00' }

  test('outside quiet hours: now; inside: the end in the contact time zone', ({ assert }) => {
    const noonParis = DateTime.fromISO('2026-03-10T11:00:00Z')
    assert.equal(nextSendTime(noonParis, quiet, 'Europe/Paris').toMillis(), noonParis.toMillis())
    // 23:00 in Paris (22:00 UTC) → 08:00 Paris next morning = 07:00 UTC.
    const late = DateTime.fromISO('2026-03-10T22:00:00Z')
    assert.equal(
      nextSendTime(late, quiet, 'Europe/Paris').toUTC().toISO(),
      '2026-03-11T07:00:00.000Z'
    )
    // 02:00 in New York (07:00 UTC) → 08:00 the same day there = 12:00 UTC.
    const night = DateTime.fromISO('2026-03-10T07:00:00Z')
    assert.equal(
      nextSendTime(night, quiet, 'America/New_York').toUTC().toISO(),
      '2026-03-10T12:00:00.000Z'
    )
  })

  test('unknown time zones count as UTC; no quiet hours: now', ({ assert }) => {
    const at = DateTime.fromISO('2026-03-10T22:30:00Z')
    assert.equal(
      nextSendTime(at, quiet, 'Mars/Olympus').toUTC().toISO(),
      '2026-03-11T08:00:00.000Z'
    )
    assert.equal(nextSendTime(at, null, 'Europe/Paris').toMillis(), at.toMillis())
  })
})

test.group('Reply classification and bot clicks', () => {
  test('keywords as whole words, the longest first', ({ assert }) => {
    assert.equal(classifyReply('Yes, interested!', DEFAULT_REPLY_RULES), 'positive')
    assert.equal(classifyReply("I'm not interested", DEFAULT_REPLY_RULES), 'negative')
    assert.equal(classifyReply('Nothing to say', DEFAULT_REPLY_RULES), 'neutral')
    assert.equal(classifyReply('Yesterday was fine', DEFAULT_REPLY_RULES), 'neutral')
  })

  test('HEAD requests, scanners and clicks within a second of delivery are bots', ({ assert }) => {
    const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1'
    assert.equal(botClickReason('HEAD', browser, 60), 'head_request')
    assert.equal(
      botClickReason('GET', 'Mozilla/5.0 (compatible; Proofpoint URL Defense)', 60),
      'scanner_user_agent'
    )
    assert.equal(botClickReason('GET', undefined, 60), 'scanner_user_agent')
    assert.equal(botClickReason('GET', browser, 0.4), 'too_soon_after_delivery')
    assert.isNull(botClickReason('GET', browser, 5))
  })
})
