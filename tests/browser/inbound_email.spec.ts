import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { receiveInboundEmail, ticketReplyAddress } from '#services/support'
import { rawMail } from '#tests/helpers/inbound_mail'
import { workQueueUntil } from '#tests/helpers/notifications'
import { smtpForEachTest } from '#tests/helpers/smtp'

test.group('Browser / the email channel', (group) => {
  const smtp = smtpForEachTest(group)

  test('an agent’s reply goes out by mail and the customer’s emailed answer appears live', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const opened = await receiveInboundEmail(
      rawMail({ subject: 'Refund twice', text: 'I was charged twice.' }),
      { kind: 'http' }
    )
    const number = opened.ticketNumber!
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${number}`)
    await page.waitForSelector('#conversation[data-live-subscribed="true"]', { timeout: 15_000 })

    await page.locator('[data-composer-body]').fill('We refunded the second charge.')
    await page.locator('[data-composer] button.primary[type="submit"]').click()
    await workQueueUntil(async () =>
      smtp.messages.some((message) => message.subject?.includes('New reply'))
    )
    const reply = smtp.messages.find((message) => message.subject?.includes('New reply'))!
    const replyTo = reply.replyTo && 'text' in reply.replyTo ? reply.replyTo.text : ''
    assert.equal(replyTo, ticketReplyAddress(number))
    assert.equal(reply.inReplyTo, `<ticket-${number}@localhost>`)
    assert.include(reply.text!, 'We refunded the second charge.')
    assert.include(reply.text!, 'You can reply to this email')

    // The customer answers from their mail program, to the Reply-To, quoting the reply.
    await receiveInboundEmail(
      rawMail({
        to: replyTo,
        subject: `Re: ${reply.subject}`,
        inReplyTo: reply.messageId,
        references: `<ticket-${number}@localhost> ${reply.messageId}`,
        text: 'Got it, thank you!\n\nOn Monday, Support wrote:\n> We refunded the second charge.',
      }),
      { kind: 'http' }
    )
    const answer = page.locator('#conversation article.customer', { hasText: 'Got it, thank you!' })
    await answer.waitFor({ timeout: 10_000 })
    // The quote is folded away, one click from view.
    const quote = answer.locator('[data-folded] > .message-body')
    assert.isFalse(await quote.isVisible())
    await answer.locator('[data-folded] summary').click()
    assert.include(await quote.innerText(), '> We refunded the second charge.')
  })
})
