import { test } from '@japa/runner'
import { foldEmail } from '#presenters/email_folding'

test.group('Email folding', () => {
  test('a Gmail-style reply folds the quoted history below "On … wrote:"', ({ assert }) => {
    const text = [
      'Thanks, that fixed it.',
      '',
      'On Mon, 7 Dec 2026 at 10:02, Support <support@example.com> wrote:',
      '> Please try again now.',
      '>',
      '> Ada',
    ].join('\n')
    assert.deepEqual(foldEmail(text), {
      visible: 'Thanks, that fixed it.',
      folded: text.split('\n').slice(2).join('\n'),
    })
  })

  test('an Outlook reply folds from its header block, a signature from "-- "', ({ assert }) => {
    const outlook =
      'See attached.\n\nFrom: Support <support@example.com>\nSent: Monday\nSubject: Re: x\n\nOld text'
    assert.equal(foldEmail(outlook).visible, 'See attached.')
    assert.match(foldEmail(outlook).folded!, /^From: Support/)

    const signed = 'It works now.\n-- \nDana Scully\nACME Corp'
    assert.deepEqual(foldEmail(signed), {
      visible: 'It works now.',
      folded: '-- \nDana Scully\nACME Corp',
    })
    assert.equal(foldEmail('Yes.\n\nSent from my iPhone').visible, 'Yes.')
  })

  test('interleaved answers stay whole; trailing quotes fold', ({ assert }) => {
    const inline = '> Which browser?\nFirefox.\n> Which version?\n128.'
    assert.deepEqual(foldEmail(inline), { visible: inline, folded: null })
    assert.deepEqual(foldEmail('Firefox.\n\n> Which browser?\n> Thanks'), {
      visible: 'Firefox.',
      folded: '> Which browser?\n> Thanks',
    })
  })

  test('a message with nothing to fold, or nothing but quote, is shown whole', ({ assert }) => {
    assert.deepEqual(foldEmail('Just a question.'), { visible: 'Just a question.', folded: null })
    const forward = '> forwarded text\n> more'
    assert.deepEqual(foldEmail(forward), { visible: forward, folded: null })
  })
})
