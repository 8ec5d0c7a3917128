import { test } from '@japa/runner'
import FaqCategory from '#models/faq_category'
import { resetDatabase } from '#tests/helpers/database'
import { DEMO_FAQ_CATEGORIES, DEMO_FAQS } from '#database/demo_faqs'
import { DEMO_SYNONYMS } from '#database/demo_synonyms'
import { createFaq, forgetPublicResults, publicSearch, saveSynonyms } from '#services/knowledge'

/**
 * Everyday wording against the dev seed's 70 articles: what a customer types, and the article
 * a person reading the help center would hand them. None of these queries is a question's
 * own wording; several use words no article contains ("charged twice", "log in", "money
 * back"), which the seed's synonym list (the one an admin edits) covers, and some are
 * misspelt.
 */
const QUERIES: [string, string][] = [
  ['log in', 'Can I sign in with my Google or Apple account instead of a password?'],
  ['forgot my password', 'How do I reset my password if I forgot it?'],
  ['cant log in forgot password', 'How do I reset my password if I forgot it?'],
  ['pasword reset', 'How do I reset my password if I forgot it?'],
  ['log in with google', 'Can I sign in with my Google or Apple account instead of a password?'],
  ['login with apple id', 'Can I sign in with my Google or Apple account instead of a password?'],
  ['keeps logging me out', 'Why does Tasklane keep signing me out?'],
  ['log out of my old phone', 'How can I sign out of Tasklane on a device I no longer have?'],
  ['lost phone 2fa', 'I lost my phone with my authenticator app. How can I sign in?'],
  ['enable 2fa', 'How do I turn on two-factor authentication?'],
  ['two factr', 'How do I turn on two-factor authentication?'],
  ['change my login email', 'How do I change the email address I use to sign in?'],
  ['delete my account', 'How do I permanently delete my Tasklane account?'],
  ['close my account', 'How do I permanently delete my Tasklane account?'],
  ['change profile picture', 'How can I update my name, profile photo and language?'],
  ['didnt get confirmation email', "Why didn't I get the verification email after signing up?"],
  ['add team members', 'How do I invite teammates to my workspace?'],
  ['recover deleted project', 'How do I restore a project that was deleted by mistake?'],
  ['undo delete project', 'How do I restore a project that was deleted by mistake?'],
  ['is tasklane down', 'Where can I check whether Tasklane is having an outage?'],
  ['shortcuts', 'Which keyboard shortcuts can help me work faster?'],
  ['make someone admin', 'How do I make a colleague a workspace admin?'],
  ['employee left the company', 'What should I do when an employee leaves the company?'],
  ['timezone wrong on due date', 'Why do due dates show a different time for my colleague abroad?'],
  ['gdpr dpa', 'Is Tasklane GDPR compliant, and can we sign a data processing agreement?'],
  ['charged twice', 'Can I get a refund if I change my mind?'],
  ['refund duplicate payment', 'Can I get a refund if I change my mind?'],
  ['money back', 'Can I get a refund if I change my mind?'],
  ['cancel subscription', 'What happens to our projects if we cancel our paid plan?'],
  ['change credit card', 'How do I update the credit card on file?'],
  ['payment declined', 'My card payment failed. What happens now?'],
  ['download receipt', 'Where can I download my invoices?'],
  ['invoise', 'Where can I download my invoices?'],
  ['add tax id to invoice', 'How do I add our VAT number so it appears on our invoices?'],
  ['bill is higher this month', "Why is this month's charge higher than usual?"],
  ['annual billing discount', 'Is there a discount for paying yearly?'],
  ['pay by wire transfer', 'Can we pay by bank transfer or with a purchase order?'],
  ['nonprofit discount', 'Do you offer discounts for nonprofits or schools?'],
  ['free trial business plan', 'Can I try the Business plan before paying for it?'],
  ['how much does it cost', 'What is included in the Free, Team and Business plans?'],
  ['app crashes on iphone', 'Which iPhone and Android versions can run the Tasklane mobile app?'],
  ['page is blank', 'The app shows a blank page or looks broken. How do I fix it?'],
  ['upload not working', 'My file upload gets stuck or fails. What can I do?'],
  ['max attachment size', 'What is the largest file I can attach to a task?'],
  ['not getting notifications', 'Why am I not getting email or push notifications?'],
  ['work offline', 'Can I use Tasklane without an internet connection?'],
  ['export to csv', 'How do I export all of my workspace data?'],
  ['api key', 'How do I create an API token for my own scripts?'],
  ['too many requests error', 'What are the API rate limits, and what happens if I go over them?'],
  ['version history', 'Can I see earlier versions of a task description?'],
  ['slack notifications stopped', 'Why did task updates stop appearing in our Slack channel?'],
  ['import from trello', 'Can I move my projects over from Trello or Asana?'],
  ['sso okta setup', 'How do we set up SAML single sign-on for our company?'],
  ['webhook not firing', 'My webhook endpoint stopped receiving events. What should I check?'],
  ['sync with google calendar', 'How can I see Tasklane due dates in Google Calendar or Outlook?'],
  ['teams integration', 'Is a Microsoft Teams integration on the way?'],
]

/** Share of queries whose expected article is in the first three results. */
const TARGET = 0.9

test.group('Help center / search quality', (group) => {
  group.each.setup(() => resetDatabase())

  test('everyday queries find the expected article in the top 3', async ({ assert }) => {
    for (const category of DEMO_FAQ_CATEGORIES) await FaqCategory.create(category)
    for (const faq of DEMO_FAQS) await createFaq(faq, null)
    await saveSynonyms(DEMO_SYNONYMS)
    forgetPublicResults()

    const misses: string[] = []
    for (const [query, expected] of QUERIES) {
      const { hits } = await publicSearch(query, null, 10)
      const top = hits.slice(0, 3).map((hit) => hit.question)
      if (!top.includes(expected)) {
        misses.push(`  "${query}": expected "${expected}", got ${JSON.stringify(top)}`)
      }
    }
    const share = (QUERIES.length - misses.length) / QUERIES.length
    console.log(
      `help search: ${QUERIES.length - misses.length} of ${QUERIES.length} queries ` +
        `(${(share * 100).toFixed(1)} %) find the expected article in the top 3` +
        (misses.length ? `; misses:\n${misses.join('\n')}` : '')
    )
    assert.isAtLeast(QUERIES.length, 40)
    assert.isAtLeast(share, TARGET, misses.join('\n'))
  })
})
