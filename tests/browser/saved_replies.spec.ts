import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { openTicket } from '#tests/helpers/support'
import { smtpForEachTest } from '#tests/helpers/smtp'
import { workQueueUntil, workQueueUntilSettled } from '#tests/helpers/notifications'
import { saveSavedReply } from '#services/support'

test.group('Browser / saved replies and Markdown', (group) => {
  const smtp = smtpForEachTest(group)

  test('an agent inserts a macro with m, previews the Markdown and sends; the customer’s mail is rendered', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    await saveSavedReply(
      { id: agent.id, isAdmin: false },
      {
        title: 'Refund issued',
        body: 'Hi {customer_first_name}, your refund is **on its way**.',
        shared: false,
        setStatus: 'resolved',
        setPriority: 'low',
        setAssignee: 'me',
        addTags: ['refund'],
      }
    )
    const ticket = await openTicket({ name: 'Dana Scully', email: 'dana@example.com' })
    await workQueueUntilSettled()
    smtp.messages = []

    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    await page.waitForSelector('#ticket-details[data-live-subscribed="true"]', { timeout: 15_000 })

    await page.keyboard.press('m')
    await page.keyboard.type('refund')
    const pick = page.locator('[data-saved-reply-list] button:has-text("Refund issued")')
    await pick.waitFor({ timeout: 10_000 })
    await pick.click()

    const body = page.locator('[data-composer-body]')
    assert.equal(await body.inputValue(), 'Hi Dana, your refund is **on its way**.')
    assert.equal(await page.locator('#composer-priority').inputValue(), 'low')
    assert.equal(await page.locator('#composer-assignee').inputValue(), String(agent.id))
    assert.equal(await page.locator('#composer-tags').inputValue(), 'refund')
    assert.include(
      await page.locator('[data-macro-note]').innerText(),
      'On send, the status becomes Resolved.'
    )

    await body.press('End')
    await page.keyboard.type(' Details: *three* days.')
    await page.locator('[data-reply-preview] summary').click()
    await page.waitForSelector('#reply-preview strong:has-text("on its way")', { timeout: 10_000 })
    await page.waitForSelector('#reply-preview em:has-text("three")', { timeout: 10_000 })

    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('[data-sent]', { timeout: 10_000 })
    await page.waitForSelector('#ticket-details [data-ticket-status="resolved"]', {
      timeout: 10_000,
    })
    await page.waitForSelector('[data-kind="reply"] .rendered strong:has-text("on its way")', {
      timeout: 10_000,
    })
    await ticket.refresh()
    assert.equal(ticket.status, 'resolved')
    assert.equal(ticket.priority, 'low')
    assert.equal(ticket.assigneeId, agent.id)
    assert.deepEqual(ticket.tags, ['refund'])

    // (The satisfaction request waits an hour: only the reply mail is awaited.)
    const replyMail = () => smtp.messages.find((message) => message.subject?.includes('New reply'))
    await workQueueUntil(async () => Boolean(replyMail()))
    const mail = replyMail()
    assert.exists(mail, `a reply mail among: ${smtp.messages.map((m) => m.subject).join(' | ')}`)
    assert.include(mail!.html as string, '<strong>on its way</strong>')
    assert.include(mail!.html as string, '<em>three</em>')
    assert.notInclude(mail!.text!, '**')
  })
})
