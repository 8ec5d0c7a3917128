// Demo help-desk content for the fictional Tasklane app: what customers write, how agents
// answer, and the people and companies involved. The support seeder combines these.
//
// Texts use `{placeholders}`. A placeholder is filled once per ticket (the same browser
// throughout a conversation) from DEMO_TICKET_VARIABLES, except the ones the seeder
// provides itself: {name} (the customer's first name), {company}, {agent} (the agent's
// first name) and {ref} (the number of an earlier ticket).

import type { TicketPriority } from '#models/ticket'

export interface TicketTemplate {
  /** The first tag is always set; the others are sometimes added by the agent. */
  tags: string[]
  /** Drawn uniformly: repeat a priority to make it likelier. */
  priorities: TicketPriority[]
  titles: string[]
  /** The customer's original request (the ticket description), without greeting. */
  descriptions: string[]
  /** The agent's first public reply. */
  replies: string[]
  /** What the agent asks when setting the ticket to Pending, and what the customer answers. */
  questions?: { ask: string; answer: string }[]
  /** The agent's reply that resolves the ticket. */
  resolutions: string[]
  /** Internal notes specific to the problem. */
  notes?: string[]
  /** Customer follow-ups specific to the problem. */
  followUps?: string[]
  /** How often the problem comes up compared with the others (default 1). */
  weight?: number
}

export const DEMO_TICKET_VARIABLES: Record<string, string[]> = {
  browser: ['Chrome 131', 'Firefox 133', 'Safari 18.1', 'Edge 131', 'Chrome 130', 'Brave 1.73'],
  os: ['macOS 15 Sequoia', 'Windows 11', 'Windows 10', 'Ubuntu 24.04', 'ChromeOS'],
  phone: [
    'iPhone 15 (iOS 18.1)',
    'iPhone 12 (iOS 17.6)',
    'Pixel 8 (Android 15)',
    'Samsung Galaxy S23 (Android 14)',
    'iPad Air (iPadOS 18.0)',
    'OnePlus 11 (Android 14)',
  ],
  appVersion: ['4.12.0', '4.12.1', '4.11.3', '4.13.0 (beta)'],
  project: [
    'Website relaunch',
    'Q3 campaign',
    'Mobile app v2',
    'Office move',
    'Onboarding revamp',
    'Customer portal',
    'Spring catalogue',
    'Hiring pipeline',
    'Trade fair 2025',
  ],
  board: ['Sprint board', 'Content calendar', 'Bugs', 'Design review', 'Launch checklist'],
  count: ['3', '5', '12', '40', 'about 200', 'a dozen'],
  seats: ['8', '12', '25', '40', '150'],
  plan: ['Team', 'Business', 'Team (yearly)', 'Business (yearly)'],
  amount: ['€96.00', '$120.00', '€240.00', '$480.00', '£75.00', '$1,440.00'],
  invoice: ['INV-2025-0412', 'INV-2025-1187', 'INV-2025-0093', 'INV-2025-0311', 'INV-2025-0968'],
  idp: ['Okta', 'Microsoft Entra ID', 'Google Workspace', 'OneLogin', 'JumpCloud'],
  size: ['180 MB', '240 MB', '1.2 GB', '95 MB', '310 MB'],
  fileType: ['MP4 video', 'PDF', 'ZIP archive', 'Figma export', 'Photoshop file'],
  time: ['9:15', '10:40', 'around noon', '14:30', '17:05', '8:50'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  errorCode: ['500', '502', '403', '422', 'ERR_NETWORK_CHANGED'],
  jira: ['ENG-2231', 'ENG-2240', 'ENG-2297', 'ENG-2315', 'ENG-2348', 'ENG-2402'],
  release: ['4.12.2', '4.12.3', '4.13.0'],
  city: ['Berlin', 'Tokyo', 'São Paulo', 'Sydney', 'New York', 'Bangalore', 'Toronto'],
  channel: ['#design', '#product-updates', '#marketing', '#eng-tasks', '#ops'],
  repo: ['web-app', 'api-server', 'marketing-site', 'ios-client', 'data-pipeline'],
  tool: ['Trello', 'Asana', 'Jira', 'Monday.com', 'Basecamp'],
  field: ['Budget', 'Client', 'Story points', 'Region', 'Approval status'],
}

export const DEMO_TICKET_TEMPLATES: TicketTemplate[] = [
  // Account and sign-in
  {
    tags: ['login', 'account'],
    weight: 2,
    priorities: ['medium', 'medium', 'high'],
    titles: [
      'Password reset email never arrives',
      'No reset link in my inbox',
      'Forgot password email not received',
    ],
    descriptions: [
      'I forgot my password and requested a reset link {count} times since this morning, but nothing arrives. I checked spam and the quarantine of our mail server. My colleagues at {company} get your notification emails fine.',
      'I cannot sign in because I forgot my password. The "Forgot password" page says an email is on its way, but it never shows up. I am using {browser} on {os}.',
    ],
    replies: [
      'Sorry about the trouble. I checked our mail logs: the reset emails were accepted by your mail server, so they are most likely held by a filter on your side. Could you ask your IT team to allow mail from notifications@tasklane.example? In the meantime I sent you a fresh link by hand.',
      'Thanks for reporting this. Our logs show the last reset email bounced with "mailbox full". Could you free up some space or give us another address to send the link to?',
    ],
    questions: [
      {
        ask: 'Could you check with your IT team whether mail from notifications@tasklane.example is being quarantined? Let me know once it is allowed and I will resend the link.',
        answer:
          'IT found your emails in the quarantine and allowed the address. Could you send the link again?',
      },
    ],
    resolutions: [
      'Great, I can see you signed in a few minutes ago. I also added your domain to our "deliver with priority" list so future emails should arrive faster.',
      'Glad the new link worked! If it happens again, the quickest workaround is to ask a workspace admin to send you a password reset from Settings → Members.',
    ],
    notes: [
      'Postmark shows 3 deliveries, all accepted by their MX. Their gateway is quarantining, not us.',
      'Bounce reason: 552 mailbox full. Sent the link to the alternate address the customer gave on the phone.',
    ],
    followUps: [
      'Still nothing, I just tried again at {time}.',
      'IT says they do not see any blocked mail from you. Strange.',
    ],
  },
  {
    tags: ['login', 'account'],
    priorities: ['high', 'high', 'urgent'],
    titles: [
      'Two-factor codes are always rejected',
      '2FA code "invalid" even though it is fresh',
      'Locked out: authenticator codes not accepted',
    ],
    descriptions: [
      'Since yesterday every 6-digit code from my authenticator app is rejected with "This code is not valid". I typed them quickly, before they expired. I cannot get into the {project} project and I have a deadline on {weekday}.',
      'Tasklane keeps saying my two-factor code is invalid. I use Google Authenticator on my {phone}. Nothing changed on my side as far as I know.',
    ],
    replies: [
      'Codes that are always rejected usually mean the clock on the phone is off by more than a minute. Could you turn on "Set time automatically" in your phone settings and try again?',
      'I am sorry you are locked out. The most common cause is a phone clock that drifted. Please check the time sync on your phone; if that does not help, I can start an identity check to reset 2FA for you.',
    ],
    questions: [
      {
        ask: 'Could you confirm whether the time on your phone is set automatically? If it is, please reply with a photo of your ID so we can start the 2FA reset.',
        answer: 'Yes, the time is set automatically. I attached a photo of my ID.',
      },
    ],
    resolutions: [
      'Thanks for confirming your identity. I reset two-factor authentication on your account; you can set it up again from Profile → Security the next time you sign in.',
      'Happy to hear that syncing the clock fixed it. You can also save your recovery codes now, so you never get locked out again.',
    ],
    notes: ['ID verified against the account owner name. OK to reset 2FA.'],
    followUps: ['The time is set automatically already. Still rejected.'],
  },
  {
    tags: ['login', 'account'],
    weight: 0.7,
    priorities: ['high', 'urgent'],
    titles: ['Lost my phone with the authenticator app', 'New phone, old 2FA codes gone'],
    descriptions: [
      'My phone was stolen over the weekend and the authenticator app went with it. I do not have my recovery codes. How can I get back into my account? I am the only admin of the {company} workspace.',
      'I switched to a new {phone} and did not transfer the authenticator. Now I cannot sign in. Please help, I am the workspace owner.',
    ],
    replies: [
      'Sorry to hear that. Because you are the only admin, we need to verify your identity before we can remove two-factor authentication. Please reply from the account email with the workspace name and the last four digits of the card on file.',
    ],
    questions: [
      {
        ask: 'To verify it is you, please reply with the workspace name and the last four digits of the card used for the subscription.',
        answer: 'The workspace is {company} and the card ends in 4417.',
      },
    ],
    resolutions: [
      'Thank you, the details match. Two-factor authentication is removed from your account; please turn it on again with your new phone and store the recovery codes somewhere safe.',
    ],
    notes: [
      'Card digits and workspace name match. 2FA removed, audit log entry added.',
      'Second admin would have made this easier, suggested adding one.',
    ],
  },
  {
    tags: ['login', 'bug'],
    priorities: ['medium', 'high'],
    titles: ['Tasklane keeps signing me out', 'Signed out every few minutes in {browser}'],
    descriptions: [
      'Every 10 to 15 minutes Tasklane signs me out and I lose what I was typing in a task description. This only happens in {browser}; on my phone I stay signed in.',
      'Since last week I get logged out several times a day. Colleagues at {company} have the same issue. We are on {os} with {browser}.',
    ],
    replies: [
      'Thanks for the details. Frequent sign-outs in one browser usually come from an extension that clears cookies, or from a cookie setting like "clear cookies when all windows close". Could you try a private window without extensions for an hour?',
      'I am sorry, losing typed text is really annoying. Does it also happen in a private window? That tells us whether an extension or a cookie policy is involved.',
    ],
    resolutions: [
      'Thanks for testing. The privacy extension was removing our session cookie; adding tasklane.example to its allow list fixes it. Drafts in task descriptions are now also saved locally since {release}, so nothing is lost if it happens again.',
    ],
    followUps: [
      'In a private window it works fine. We use a privacy extension that IT installed.',
      'It just happened again at {time} while I was writing a long comment.',
    ],
  },
  {
    tags: ['login', 'integrations', 'sso'],
    priorities: ['high', 'urgent'],
    titles: [
      'SAML sign-in fails with {idp}: "Invalid response"',
      'SSO broken after certificate rotation',
    ],
    descriptions: [
      'Since this morning nobody at {company} can sign in with SSO. {idp} redirects back to Tasklane and we get "The identity provider response is invalid". We rotated our signing certificate yesterday.',
      'We set up SAML single sign-on with {idp} following your guide, but the test sign-in ends with an error page. About {seats} people are waiting to be moved over.',
    ],
    replies: [
      'Thanks for the quick report. After a certificate rotation Tasklane still has the old certificate, so every response fails the signature check. Could you upload the new certificate under Settings → Security → Single sign-on? Until then, admins can still sign in with a password.',
      'I looked at the failed attempts on our side: the response is signed, but the audience value does not match. It should be exactly https://tasklane.example/saml/{company} — could you compare it with the one in {idp}?',
    ],
    resolutions: [
      'I can see successful SSO sign-ins from your workspace again. Thanks for updating the certificate so quickly! We are adding an email warning before a stored certificate expires.',
      'The audience value was the issue; sign-ins work now. I also turned on SSO enforcement for your domain as you asked.',
    ],
    notes: ['Workspace has 2 admins with password fallback, so they are not fully locked out.'],
  },
  {
    tags: ['account'],
    priorities: ['low', 'medium'],
    titles: [
      'Change the email address I sign in with',
      'Verification email for new address not arriving',
    ],
    descriptions: [
      'Our company changed its domain from {company}.test to a new one. I changed my email in Profile, but the verification email to the new address never arrives, so I still sign in with the old one.',
      'How do I change my login email? The field in my profile is greyed out.',
    ],
    replies: [
      'The email field is greyed out when your workspace uses SSO: the address then comes from your identity provider. Your admin can change it there, and Tasklane picks it up at your next sign-in.',
      'I resent the verification email to your new address. It can take a few minutes; please also check the spam folder.',
    ],
    resolutions: [
      'Your sign-in email is now the new address. The old one keeps forwarding notifications for 30 days.',
    ],
  },
  // Billing
  {
    tags: ['billing'],
    weight: 1.5,
    priorities: ['high', 'high', 'medium'],
    titles: ['Charged twice this month', 'Double charge on our card for {plan}'],
    descriptions: [
      'Our card was charged {amount} twice on the same day for the {plan} plan. Please refund the second payment. Invoice {invoice} is the first one.',
      'We see two identical charges from Tasklane on our statement. We only have one workspace. Can you check and refund the duplicate?',
    ],
    replies: [
      'I am sorry about that. I can see two payments: the second one was a retry that should have been cancelled when the first went through. I have started a refund of the duplicate; it takes 5 to 10 business days to show on the statement.',
      'Thanks for letting us know. I am checking with our billing team now and will get back to you today.',
    ],
    resolutions: [
      'The refund of {amount} is processed, and you will find the credit note next to your invoices under Settings → Billing. Sorry again for the inconvenience.',
    ],
    notes: [
      'Stripe shows two succeeded charges 4 minutes apart, retry logic bug ({jira}). Refunded the second.',
    ],
    followUps: ['Any news on the refund? It has been a week.'],
  },
  {
    tags: ['billing', 'invoices'],
    priorities: ['low', 'medium'],
    titles: ['Add our VAT number to invoices', 'VAT ID missing on invoice {invoice}'],
    descriptions: [
      'Our accounting department needs our VAT number on every invoice. Can you add it and re-issue {invoice}? We are a company based in the EU.',
      'The invoices do not show our VAT ID, so we are charged VAT that we should be able to reverse-charge. How can we fix this?',
    ],
    replies: [
      'You can add the VAT number under Settings → Billing → Company details; from then on it appears on every invoice and the reverse charge applies. For past invoices I can re-issue them once the number is saved.',
    ],
    questions: [
      {
        ask: 'Could you send us the exact VAT number and the legal company name you need on the invoice?',
        answer: 'Our VAT number is DE814562193 and the legal name is {company} GmbH.',
      },
    ],
    resolutions: [
      'I re-issued {invoice} with your VAT number and the reverse-charge note. Future invoices will have it automatically.',
    ],
  },
  {
    tags: ['billing'],
    priorities: ['high', 'medium'],
    titles: ['Card payment failed, will we lose access?', 'Payment declined for {plan} renewal'],
    descriptions: [
      'We got an email saying the payment for our {plan} plan failed. Our card expired and we have a new one. Will the workspace be downgraded? We have {seats} people using it daily.',
      'The renewal payment was declined. I updated the card, but the banner still says "payment overdue".',
    ],
    replies: [
      'Nothing will be downgraded yet: after a failed payment there is a 14-day grace period. Once you update the card under Settings → Billing, we retry the payment within an hour.',
    ],
    resolutions: [
      'The payment with the new card went through, and the banner is gone. Thanks for sorting it out so quickly!',
    ],
    followUps: ['I updated the card an hour ago and the banner is still there.'],
  },
  {
    tags: ['billing', 'refund'],
    priorities: ['medium', 'low'],
    titles: ['Refund after cancelling our plan', 'Cancelled by mistake, can we get a refund?'],
    descriptions: [
      'We upgraded to {plan} yesterday by mistake (we meant to add one seat) and want to go back. Can we get a refund of the {amount}?',
      'We cancelled our subscription but were charged for the next year the same day. Please refund.',
    ],
    replies: [
      'No problem, mistakes happen. Since the upgrade was less than 14 days ago, we can refund it in full. I switched the workspace back to your previous plan.',
    ],
    resolutions: [
      'The refund of {amount} is on its way; you will see it in 5 to 10 business days. The credit note is in Settings → Billing.',
    ],
  },
  {
    tags: ['billing', 'seats'],
    priorities: ['medium', 'low'],
    titles: ['Why are we billed for {seats} seats?', 'Guests counted as paid seats on our invoice'],
    descriptions: [
      'Our invoice lists {seats} seats but we only have about half as many employees using Tasklane. We invite clients as guests to the {project} project. Are guests counted as seats?',
      "This month's charge is higher than usual. Nobody at {company} added members as far as I know.",
    ],
    replies: [
      'Guests are free and never counted. What I see on your invoice are members who were invited but never accepted: pending invitations hold a seat. You can revoke them in Settings → Members → Invitations.',
      'I looked at your workspace: {count} people were added as full members instead of guests in the last month, which explains the higher charge.',
    ],
    resolutions: [
      'I converted those accounts to guests and credited the difference to your next invoice. You will see the lower amount from the next billing date.',
    ],
  },
  {
    tags: ['billing', 'invoices'],
    priorities: ['low'],
    titles: ['Can we pay by bank transfer?', 'Purchase order needed for {plan} plan'],
    descriptions: [
      'Our procurement department needs to pay by bank transfer against a purchase order. Is that possible for the {plan} plan with {seats} seats?',
    ],
    replies: [
      'Yes, for yearly plans we can invoice you and you pay by bank transfer within 30 days. Please send us your purchase order number and billing address.',
    ],
    resolutions: [
      'The yearly invoice with your PO number is in Settings → Billing, with our bank details. Your workspace stays active while the transfer is processed.',
    ],
  },
  {
    tags: ['billing', 'invoices', 'bug'],
    priorities: ['low', 'medium'],
    titles: ['Invoice download link gives a 404', 'Cannot download invoice {invoice}'],
    descriptions: [
      'When I click "Download PDF" next to {invoice} in Settings → Billing I get a "Page not found" error. The other invoices download fine.',
    ],
    replies: [
      'Thanks for reporting this. The PDF of that invoice failed to generate at the time. I regenerated it and attached it here; the download link works again too.',
    ],
    resolutions: ['The download link is fixed for all invoices from that week.'],
    notes: [
      'PDF render job failed on 3 invoices that day (fonts missing after deploy). Re-ran them.',
    ],
  },
  {
    tags: ['billing'],
    priorities: ['low', 'medium'],
    titles: ['Yearly discount not applied', 'Switched to yearly but still paying monthly price'],
    descriptions: [
      'We switched to yearly billing to get the discount, but the invoice shows the same per-seat price as monthly. Total was {amount}.',
    ],
    replies: [
      'You are right: the switch happened in the middle of a monthly period, so the first invoice was prorated at the monthly price. From the renewal on, the yearly price applies. I can credit the difference now if you prefer.',
    ],
    resolutions: ['I credited the difference to your account. Thanks for your patience!'],
  },
  // Bugs in the web app
  {
    tags: ['export', 'bug'],
    priorities: ['medium', 'medium', 'high'],
    titles: [
      'Export shows "<b>" tags in task names',
      'CSV export contains <b>HTML</b> markup in titles',
    ],
    descriptions: [
      'When I export the {board} board to CSV, task names that I made bold show up as `<b>Launch plan</b>` with the tags in the file. Excel shows them literally. Can the export strip formatting?',
      'Task names in the export look like "Review <i>draft</i> & <b>send</b>". We paste this into reports and have to clean it by hand every week.',
    ],
    replies: [
      'Thanks, I could reproduce it: formatting in task names is exported as HTML instead of plain text. I have reported it to our engineers. As a workaround, the "Export as Excel" option writes plain text.',
    ],
    resolutions: [
      'The fix is live in {release}: exports now contain plain text, and "&" is no longer written as "&amp;". Thanks for the clear example!',
    ],
    notes: [
      'Reproduced. Export uses the rich-text HTML instead of the plain text column. Filed {jira}.',
    ],
  },
  {
    tags: ['bug', 'web'],
    weight: 1.5,
    priorities: ['high', 'urgent', 'high'],
    titles: ['Board does not load, blank page', '{board} stays white after the last update'],
    descriptions: [
      'Since this morning the {board} board in {project} only shows a blank page. Other boards load fine. I am on {browser} / {os}. Reloading does not help.',
      'Tasklane shows an empty white page after signing in. The browser console says "ChunkLoadError". Happens on {browser}.',
    ],
    replies: [
      'Sorry about that! A blank page right after an update usually means the browser kept an old version of our app. Could you try a hard refresh (Ctrl+Shift+R, or Cmd+Shift+R on a Mac)?',
      'Thanks for the console message, that helps a lot. Could you tell us if it also happens in a private window?',
    ],
    questions: [
      {
        ask: 'Could you send us a screenshot of the browser console (F12 → Console) while the page is blank?',
        answer: 'Screenshot attached. The console says "ChunkLoadError: Loading chunk 412 failed".',
      },
    ],
    resolutions: [
      'Our engineers found a task with a very long checklist that made the board crash; the fix is deployed and the board loads again. Sorry for the disruption!',
      'Great that the hard refresh worked. We have also changed how updates are rolled out so old files are not kept in the cache anymore.',
    ],
    notes: [
      'Board has a task with 1,400 checklist items, render loop. Filed {jira}, hotfix today.',
    ],
    followUps: [
      'Hard refresh did not help, still blank.',
      'A private window shows the same blank page.',
    ],
  },
  {
    tags: ['bug', 'web'],
    priorities: ['medium', 'low'],
    titles: ['Tasks jump back after drag and drop', 'Moving a card to "Done" does not stick'],
    descriptions: [
      'When I drag a task from "In progress" to "Done" on the {board} board, it jumps back to the old column after a second. If I reload, it is in the old column. Other people can move tasks fine.',
    ],
    replies: [
      'Thanks for reporting. That behaviour means the move was refused by the server. Do you have permission to edit tasks in this project? A project admin can check your role under Project settings → Members.',
    ],
    resolutions: [
      'Your role in {project} was "Commenter", which can read but not move tasks. The project admin changed it to "Editor" and moving works. We will show a clear message in that case instead of silently moving the card back.',
    ],
  },
  {
    tags: ['bug', 'due-dates'],
    priorities: ['medium', 'medium', 'low'],
    titles: [
      'Due dates are one day off for my colleague in {city}',
      'Deadlines shift by a day for team members abroad',
    ],
    descriptions: [
      'I set due dates to Friday, but my colleague in {city} sees them as Thursday. This caused confusion on the {project} project. Is this a bug?',
    ],
    replies: [
      'Due dates with a time are shown in each person\'s own time zone. A due date at 00:00 in your time zone can fall on the day before in {city}. Setting "All day" on the due date keeps it on the same calendar day for everyone.',
    ],
    resolutions: [
      'We changed the default for new due dates to "All day" in {release}, so this should not happen anymore. Existing tasks keep their time; you can switch them in bulk from the board menu.',
    ],
  },
  {
    tags: ['bug', 'comments'],
    priorities: ['high', 'medium'],
    titles: ['Comments disappear after I edit them', 'Edited comment is gone after saving'],
    descriptions: [
      'I edited a comment on a task in {project} to fix a typo, clicked Save, and the whole comment vanished. It happened twice today. Can you restore them?',
    ],
    replies: [
      'I am very sorry. I can see both comments in our backups and I restored them. Our engineers are looking into why saving an edit removed them.',
    ],
    resolutions: [
      'The cause was a comment that contained only an emoji after editing; this is fixed in {release}. Both comments are back on the task.',
    ],
    notes: [
      'Edits with only an emoji produce an empty sanitized body, which is treated as delete. {jira}.',
    ],
  },
  {
    tags: ['bug', 'search'],
    priorities: ['low', 'medium'],
    titles: ['Search does not find tasks with accents', 'Searching "cafe" misses "Café menu" task'],
    descriptions: [
      'We have lots of tasks with French names. Searching for "cafe" does not find "Café menu redesign", and searching "resume" misses "Résumé review". Can search ignore accents?',
    ],
    replies: [
      'Thanks for the examples. Search currently matches accents exactly. I have passed this to the product team as a bug; for now, searching the accented word finds them.',
    ],
    resolutions: ['Search ignores accents since {release}. Thanks for reporting it!'],
  },
  {
    tags: ['bug', 'checklists'],
    priorities: ['low', 'medium'],
    titles: ['Checklist items reorder themselves', 'Checklist order resets after reload'],
    descriptions: [
      'I reorder checklist items in a task by dragging them, but after reloading the page they are back in the old order. It happens in the {project} project with checklists of {count} items.',
    ],
    replies: [
      'Thanks! I could reproduce this with long checklists. I have reported it to our engineers and will let you know when it is fixed.',
    ],
    resolutions: [
      'The fix for checklist ordering is deployed. Your reordered lists now stay as you left them.',
    ],
    notes: ['Only for checklists > 30 items, position values collide. {jira}.'],
  },
  {
    tags: ['bug', 'recurring-tasks'],
    priorities: ['medium'],
    titles: [
      'Recurring task created twice every week',
      'Duplicate copies of weekly recurring tasks',
    ],
    descriptions: [
      'Our weekly "Team sync notes" task in {project} is created twice every {weekday}. It started three weeks ago. Only one of us edits the recurrence.',
    ],
    replies: [
      'Thanks for the report. I can see two recurrence rules on that task, probably from editing it on two devices at once. I removed the duplicate rule.',
    ],
    resolutions: [
      'Next week should only create one copy. We also added a check so a task cannot get two recurrence rules anymore.',
    ],
  },
  {
    tags: ['bug', 'notifications'],
    priorities: ['medium', 'high'],
    titles: ['No email when someone @mentions me', 'Mention notifications stopped'],
    descriptions: [
      'I no longer get emails when a colleague mentions me in a comment. My notification settings say "Email: mentions and assignments". It worked until about two weeks ago.',
    ],
    replies: [
      'Thanks for checking your settings first. Our logs show your address was put on a suppression list after a bounce on {weekday}. I removed it; could you ask a colleague to mention you again to test?',
    ],
    resolutions: ['Great, the test mention arrived. Notifications should be back to normal.'],
    followUps: ['A colleague mentioned me at {time}, no email yet.'],
  },
  {
    tags: ['bug', 'security'],
    weight: 0.35,
    priorities: ['high', 'urgent'],
    titles: [
      'Email digest shows raw <img> tags',
      'Daily digest prints "<script>" from a task name',
    ],
    descriptions: [
      'One of our task names contains `<script>alert("hi")</script>` (a developer testing something). In the daily email digest it is printed as-is, and the web app shows it fine. Is the email escaped properly?',
      'The daily digest shows `<img src=x onerror=alert(1)>` literally where a task name should be. Just want to make sure nothing is executed anywhere.',
    ],
    replies: [
      'Thank you for reporting this responsibly. The text is escaped in the email, which is why you see it literally: nothing is executed. I have still asked our security team to double-check every place task names are shown.',
    ],
    resolutions: [
      'Our security team confirmed that task names are escaped in the web app, the mobile apps and all emails. Thanks again for letting us know!',
    ],
    notes: ['Security reviewed: escaped everywhere. No action needed beyond the reply.'],
  },
  // Export and data
  {
    tags: ['export'],
    priorities: ['medium', 'low'],
    titles: ['CSV export is missing custom fields', 'Custom field "{field}" not in export'],
    descriptions: [
      'When I export the {project} project to CSV, our custom field "{field}" is not included. We need it for monthly reporting to management.',
    ],
    replies: [
      'Custom fields are only exported when they are shown on the board. Could you turn on the column under Board settings → Fields and export again?',
    ],
    resolutions: [
      'We changed the export so every custom field is included, visible or not. It is live in {release}.',
    ],
    followUps: ['The field is visible on the board already and still missing in the CSV.'],
  },
  {
    tags: ['export'],
    priorities: ['high', 'medium'],
    titles: ['Workspace export stuck at "Preparing"', 'Full data export never finishes'],
    descriptions: [
      'I started a full workspace export on {weekday} and it still says "Preparing your export". We need the data for an audit this week.',
    ],
    replies: [
      'Sorry for the wait. Large exports with many attachments can take a few hours, but this one is stuck. I restarted it on our side and will keep an eye on it.',
    ],
    resolutions: [
      'Your export finished and the download link was sent to your email. It stays available for 7 days.',
    ],
    notes: ['Export worker crashed on a 2 GB attachment (timeout). Restarted with larger limit.'],
  },
  {
    tags: ['export', 'print'],
    priorities: ['low'],
    titles: ['Printing a board cuts off columns', 'PDF of the board misses the last columns'],
    descriptions: [
      'When I print the {board} board or save it as PDF, only the first three columns fit on the page. The "Done" column is cut off.',
    ],
    replies: [
      'Printing uses the page width of your browser. Choosing "Landscape" and "Fit to page width" in the print dialog of {browser} shows all columns.',
    ],
    resolutions: [
      'Glad landscape printing works for you. A proper "Export board as PDF" is on our roadmap.',
    ],
  },
  // Mobile
  {
    tags: ['mobile', 'ios', 'bug'],
    priorities: ['high', 'medium'],
    titles: ['iOS app crashes when opening attachments', 'App closes when I tap a PDF in a task'],
    descriptions: [
      'The iOS app crashes as soon as I tap a PDF attachment on a task. I am on a {phone} with app version {appVersion}. Images open fine.',
    ],
    replies: [
      'Thanks for the details. We could reproduce the crash with PDFs over 20 pages on iOS 18. A fix is in review with Apple.',
    ],
    resolutions: [
      'Version {release} of the iOS app is in the App Store and fixes the crash. Please update and let us know if anything is still wrong.',
    ],
    notes: ['Crash reports show PDFKit thumbnail generation on large files. {jira}.'],
  },
  {
    tags: ['mobile', 'android', 'notifications'],
    priorities: ['medium', 'medium', 'low'],
    titles: ['No push notifications on Android', 'Android app silent since last update'],
    descriptions: [
      'Since updating to {appVersion} I do not get push notifications on my {phone} anymore. Notifications are allowed in Android settings.',
    ],
    replies: [
      'Some Android phones stop background notifications for apps that use battery optimization. Could you set Tasklane to "Unrestricted" under Settings → Apps → Tasklane → Battery?',
    ],
    resolutions: [
      'Thanks for confirming it works with battery optimization off. We have added a hint about this to the app.',
    ],
    followUps: ['Battery is set to unrestricted already. Still nothing.'],
  },
  {
    tags: ['mobile', 'offline'],
    priorities: ['medium', 'high'],
    titles: ['Changes made offline were lost', 'Offline edits gone after reconnecting'],
    descriptions: [
      'I edited {count} tasks on the train without connection. When I got back online, the changes were gone. Is offline mode supposed to sync?',
    ],
    replies: [
      'I am sorry your changes were lost. The mobile app keeps offline edits until it reconnects, but only while the app is not force-closed. Did the app restart in between?',
    ],
    resolutions: [
      "Since {release}, offline edits are saved to the phone's storage and survive a restart. Sorry again for the lost work.",
    ],
  },
  {
    tags: ['mobile', 'attachments'],
    priorities: ['medium', 'low'],
    titles: ['Cannot upload photos from my phone', 'Photo upload fails at 99% on mobile'],
    descriptions: [
      'Uploading photos from my {phone} to a task fails at 99% with "Upload failed". Small screenshots work, photos from the camera do not.',
    ],
    replies: [
      'Photos in HEIC format are converted before uploading, and that conversion fails on some phones. Could you set the camera to "Most compatible" (JPEG) for now?',
    ],
    resolutions: ['The upload of HEIC photos is fixed in app version {release}.'],
  },
  {
    tags: ['attachments'],
    priorities: ['low', 'medium'],
    titles: ['What is the maximum attachment size?', 'Upload of {size} {fileType} fails'],
    descriptions: [
      'I am trying to attach a {size} {fileType} to a task and the upload stops with an error. Is there a size limit?',
    ],
    replies: [
      'Files up to 100 MB can be attached on the Free plan and up to 2 GB on Team and Business. Your workspace is on the Free plan, which is why the upload stops.',
    ],
    resolutions: [
      'Linking the file from Google Drive works without a size limit, glad that helps.',
    ],
  },
  // Integrations
  {
    tags: ['integrations', 'slack'],
    weight: 1.5,
    priorities: ['medium', 'high'],
    titles: ['Slack updates stopped', 'Task updates no longer posted to {channel}'],
    descriptions: [
      'Our {channel} Slack channel stopped getting task updates from the {project} project since {weekday}. Nothing changed on our side as far as I know.',
    ],
    replies: [
      'When updates stop, the Slack connection usually lost its permission, for example after the person who connected it left the workspace. Could you reconnect Slack under Settings → Integrations?',
    ],
    resolutions: [
      'Updates are flowing again after the reconnect. The Slack app had been removed from the channel by a Slack admin.',
    ],
    notes: ['Slack API returns channel_not_found for their channel id since that day.'],
  },
  {
    tags: ['integrations', 'github'],
    priorities: ['medium', 'low'],
    titles: ['GitHub pull requests not linked to tasks', 'Commits with task ID not showing up'],
    descriptions: [
      'We mention task IDs like TL-482 in our pull requests in the {repo} repository, but they do not appear on the tasks anymore. It worked last month.',
    ],
    replies: [
      'Thanks for the report. The GitHub app needs access to each repository; it looks like {repo} was added after the app was installed with "selected repositories". Could you add it in GitHub → Settings → Applications?',
    ],
    resolutions: ['I can see new pull requests from {repo} on your tasks. All set!'],
  },
  {
    tags: ['integrations', 'google-drive'],
    priorities: ['low', 'medium'],
    titles: ['Google Drive files show "Access denied"', 'Cannot open Drive attachments'],
    descriptions: [
      'Files attached from Google Drive show "Access denied" for my colleagues, even though I can open them. We are all in the {company} workspace.',
    ],
    replies: [
      'Drive attachments keep the sharing settings of the file in Google Drive. Your colleagues need access to the file in Drive itself. When attaching, you can choose "Share with project members" to do it in one step.',
    ],
    resolutions: ['Glad that works now. Thanks for your patience!'],
  },
  {
    tags: ['integrations', 'api', 'webhooks'],
    priorities: ['high', 'medium'],
    titles: ['Webhook stopped receiving events', 'No webhook calls since we rotated the secret'],
    descriptions: [
      'Our webhook endpoint has not received any events since {weekday}. Our server responds 200 to test calls. We rotated the signing secret that day.',
    ],
    replies: [
      'After 20 failed deliveries in a row, a webhook is paused. Yours failed with {errorCode} while the secret was being rotated. I reactivated it; could you check you are receiving events now?',
    ],
    resolutions: [
      'Deliveries are succeeding again. You can see the delivery log under Settings → Developer → Webhooks if it happens again.',
    ],
    notes: ['Webhook auto-paused after 20 consecutive failures. Reactivated manually.'],
  },
  {
    tags: ['integrations', 'api', 'zapier'],
    priorities: ['medium', 'low'],
    titles: [
      'Zapier zap fails with "429 Too Many Requests"',
      'API rate limit hit by our automation',
    ],
    descriptions: [
      'Our Zapier automation that creates tasks from form submissions fails several times a day with "429 Too Many Requests". We create about {count} tasks per hour.',
    ],
    replies: [
      'The API allows 100 requests per minute per token. The zap does three requests per task, and your form gets bursts of submissions. Turning on "Autoreplay" in Zapier retries failed runs automatically.',
    ],
    resolutions: [
      'We raised the rate limit for your token to 300 requests per minute. Let us know if you still see 429s.',
    ],
  },
  {
    tags: ['integrations', 'calendar'],
    priorities: ['low'],
    titles: ['Calendar feed not updating in Google Calendar', 'Due dates missing in Outlook'],
    descriptions: [
      'I subscribed to my Tasklane due dates in Google Calendar, but changes take a day or more to show up. New tasks from {project} are missing.',
    ],
    replies: [
      'Google Calendar refreshes subscribed calendars on its own schedule, sometimes only every 12 to 24 hours. Tasklane updates the feed right away, but we cannot make Google fetch it sooner.',
    ],
    resolutions: [
      'I will close this for now; a two-way Google Calendar sync is on our roadmap and I added your vote.',
    ],
  },
  {
    tags: ['integrations', 'import'],
    priorities: ['medium'],
    titles: ['{tool} import missing attachments', 'Imported boards from {tool} have no files'],
    descriptions: [
      'We imported {count} boards from {tool}. Tasks and comments came over, but none of the attachments did. Is that expected?',
    ],
    replies: [
      'Attachments are imported in a second step after the tasks, which can take a few hours for large boards. I can see the job is still running for your workspace.',
    ],
    resolutions: ['The attachment import finished. All files are now on their tasks.'],
  },
  {
    tags: ['api'],
    priorities: ['medium', 'high'],
    titles: ['API token returns 401 Unauthorized', 'New API token rejected'],
    descriptions: [
      'I created an API token under Settings → Developer and our script gets "401 Unauthorized" on every call. We send it as "Authorization: Token …".',
    ],
    replies: [
      'The header needs the word "Bearer", not "Token": `Authorization: Bearer tl_…`. Could you try that?',
    ],
    resolutions: ['Glad the script works now. We added the exact header format to the API docs.'],
  },
  // Feature requests
  {
    tags: ['feature-request'],
    priorities: ['low', 'low', 'medium'],
    titles: ['Dark mode please', 'Feature request: dark theme'],
    descriptions: [
      'We work a lot in the evening and would love a dark mode for the web app. Is it planned?',
    ],
    replies: [
      'Thanks for the suggestion! Dark mode is one of the most requested features and it is planned for this year. I added your vote.',
    ],
    resolutions: [
      'Good news: dark mode shipped in {release}. You can turn it on in Profile → Appearance.',
    ],
  },
  {
    tags: ['feature-request'],
    priorities: ['low', 'medium'],
    titles: [
      'Gantt chart for project timelines',
      'Feature request: timeline view with dependencies',
    ],
    descriptions: [
      'For the {project} project we need to see tasks on a timeline with dependencies, like a Gantt chart. Does Tasklane have anything like that?',
    ],
    replies: [
      'Not yet: a timeline view with dependencies is on our roadmap, but there is no date yet. I added your vote and your use case to the request.',
    ],
    resolutions: [
      'I will close this ticket, but your vote stays on the request and we will email you when the timeline view is available.',
    ],
  },
  {
    tags: ['feature-request', 'integrations'],
    priorities: ['low'],
    titles: ['Microsoft Teams integration?', 'Request: post task updates to Teams'],
    descriptions: [
      'Our company is moving from Slack to Microsoft Teams. Is there a Teams integration, or will there be one?',
    ],
    replies: [
      'A Teams integration is being built and should be in beta soon. Until then, our webhooks with a Teams incoming webhook work for simple notifications.',
    ],
    resolutions: [
      'The Teams integration is now in beta; I enabled it for your workspace under Settings → Integrations.',
    ],
  },
  {
    tags: ['feature-request', 'time-tracking'],
    priorities: ['low'],
    titles: ['Built-in time tracking', 'Can we track hours on tasks?'],
    descriptions: [
      'We bill clients by the hour and would like to track time on tasks directly in Tasklane instead of a separate tool.',
    ],
    replies: [
      'There is no built-in time tracking yet, but many teams use the Toggl or Harvest browser extensions, which add a timer button to every task.',
    ],
    resolutions: ['I added your vote for built-in time tracking. Thanks for the feedback!'],
  },
  // Workspace administration
  {
    tags: ['account', 'projects'],
    priorities: ['urgent', 'high'],
    titles: ['Project deleted by mistake, please restore', 'Restore deleted project "{project}"'],
    descriptions: [
      'A colleague deleted the {project} project by mistake yesterday. It had {count} tasks and all our files. Please tell me it can be restored!',
    ],
    replies: [
      'Do not worry: deleted projects are kept for 30 days. An admin can restore it from Settings → Trash. I can also do it for you, just confirm.',
    ],
    resolutions: ['I restored {project} with all its tasks, comments and files.'],
  },
  {
    tags: ['account', 'admin'],
    priorities: ['medium', 'high'],
    titles: ['Transfer workspace ownership', 'Owner left the company, need admin access'],
    descriptions: [
      'The person who created our workspace left {company} and nobody has admin rights now. How can I become the owner?',
    ],
    replies: [
      'We can transfer ownership after verifying that you are authorised by your company. Please have someone from management confirm by email, from a {company} address.',
    ],
    questions: [
      {
        ask: 'Could someone from your management confirm the transfer by replying here from a company address?',
        answer:
          'Our managing director is in copy and confirms: please transfer ownership of the {company} workspace to me.',
      },
    ],
    resolutions: [
      'Ownership is transferred to you. Please add a second admin so this cannot happen again.',
    ],
    notes: ['Confirmation received from the CFO. Ownership transferred.'],
  },
  {
    tags: ['account', 'performance'],
    priorities: ['medium', 'high'],
    titles: ['Tasklane is very slow today', 'Boards take 20 seconds to load'],
    descriptions: [
      'Everything in Tasklane is very slow this morning: boards take around 20 seconds to load and saving a comment hangs. We are {seats} people in the office on {browser}.',
    ],
    replies: [
      'Thanks for reporting. We had degraded performance in one region this morning between 8:40 and 10:15; it is resolved now. Is it back to normal for you?',
    ],
    resolutions: [
      'Thanks for confirming. You can follow incidents on our status page to see this kind of problem right away.',
    ],
  },
]

/** Agent replies to a customer's follow-up or answer. */
export const AGENT_UPDATES = [
  'Thanks for the extra details, that helps. I have passed everything to our engineers and will update you as soon as I hear back.',
  'Thank you, that is exactly what I needed. I can see the problem now and I am working on it.',
  'Sorry for the wait. I could reproduce it on our side now and it is with our engineers; I will update you as soon as I know more.',
  'Thanks for trying that. I checked the logs for {company} around that time and found the failed requests. Still investigating, more soon.',
]

/** Agent updates without a new message from the customer. */
export const AGENT_PROGRESS = [
  'Quick update: our engineers found the cause and are working on a fix. I will let you know when it is deployed.',
  'A short update so you are not left waiting: we are still looking into this and I will get back to you tomorrow at the latest.',
  'Our engineers confirmed the problem. A fix is scheduled for the next release; I will keep you posted.',
]

/** Questions that put a ticket on Pending (waiting for the customer). */
export const AGENT_QUESTIONS = [
  'Could you send us a screenshot of what you see, and tell us which browser you use?',
  'Could you tell us roughly when this last happened? Then we can look for it in our logs.',
  'Could you try it once more in a private window and let us know if it happens there too?',
  'Which workspace and project is this about? I would like to look at it directly.',
]

/** Customer follow-ups that fit any ticket. */
export const CUSTOMER_FOLLOW_UPS = [
  'Any update on this? My team is blocked.',
  'Just checking in: is there an ETA for a fix?',
  'It happened again today at {time}.',
  'Here is a screenshot of what I see (attached). Let me know if you need anything else.',
  'I tried that, but it still happens in {browser} on {os}.',
  'One more detail: a colleague in {city} has the same problem.',
]

/** Customer answers to a question (moves a pending ticket back to In progress). */
export const CUSTOMER_ANSWERS = [
  'Sure, it is {browser} on {os}. Screenshot attached.',
  'It last happened on {weekday} around {time}.',
  'In a private window it happens as well.',
  'It is the {project} project in the {company} workspace.',
  'Done, see the attachment. Thanks for looking into it!',
]

/** Customer replies to a resolution that reopen the ticket. */
export const CUSTOMER_REOPENS = [
  'Sorry, it is back again this morning.',
  'That helped for a day, but it started again.',
  'Thanks, but two of my colleagues still have the problem.',
  'Thank you, that worked! One last question: does this also apply to our guests?',
]

/** Agent replies after a reopen, before resolving again. */
export const AGENT_RECHECKS = [
  'Thanks for letting us know. I looked again and found a second setting that caused it; it is corrected now.',
  'Sorry it came back. We deployed an additional fix this morning; it should be stable now.',
  'Good question: yes, guests get the same change, nothing else to do.',
]

/** Internal notes that fit any ticket. */
export const AGENT_NOTES = [
  'Customer is on the {plan} plan with {seats} seats. Handle with care.',
  'Looks like the same root cause as #{ref}.',
  'Asked engineering in #support-escalations, waiting for an answer.',
  'Checked the logs for the last 7 days, nothing unusual on our side.',
  'Called the customer, they will send more details by email.',
  'Known issue, tracked in {jira}.',
]

/** Agent notes when closing a ticket without solving it. */
export const CLOSE_NOTES = [
  'Duplicate of #{ref}.',
  'Spam.',
  'Duplicate of #{ref}, same customer.',
  'Customer solved it themselves (confirmed by phone).',
]

export const PENDING_TIMEOUT_NOTE = 'No reply from the customer in 7 days.'
export const AUTO_CLOSE_NOTE = 'Closed automatically 7 days after it was resolved.'

/** Public notes an agent adds when resolving (shown to the customer). */
export const RESOLVE_NOTES = [
  'Fixed in version {release}.',
  'Resolved: configuration changed on our side.',
  'Workaround explained; permanent fix tracked internally.',
]

export const DEMO_GREETINGS = [
  'Hi,',
  'Hello,',
  'Hi Tasklane team,',
  'Hello support,',
  'Hey there,',
  '',
]
export const DEMO_SIGN_OFFS = [
  'Thanks,\n{name}',
  'Best regards,\n{fullName}',
  'Thanks in advance!',
  'Cheers,\n{name}',
  '',
]

export const CSAT_COMMENTS: Record<'good' | 'neutral' | 'bad', string[]> = {
  good: [
    'Fast and friendly, thank you!',
    'Solved in minutes. Great support.',
    'Very clear explanation, thanks {agent}.',
    'Helpful as always.',
    'Thanks for the quick refund.',
  ],
  neutral: [
    'Solved, but it took a few days.',
    'OK in the end, but I had to explain the problem twice.',
  ],
  bad: [
    'Took far too long for a simple problem.',
    'The workaround is not a real fix.',
    'Nobody answered for two days while we were blocked.',
  ],
}

/** Words left out when a deflection's query is a few words of the article's question. */
export const SEARCH_STOP_WORDS = new Set(
  (
    'a an and are can do does did for from how i if in is it me my of on or our so that the ' +
    "there this to we what when where which who why will with without you your i'm am not " +
    "didn't get than them they tasklane"
  ).split(' ')
)

export const DEMO_FIRST_NAMES = [
  'Maria',
  'James',
  'Aiko',
  'Lukas',
  'Priya',
  'Carlos',
  'Emma',
  'Noah',
  'Fatima',
  'Oliver',
  'Sofia',
  'Mateo',
  'Chloé',
  'Jonas',
  'Amara',
  'Liam',
  'Yuki',
  'Hannah',
  'Diego',
  'Zoë',
  'Ravi',
  'Elena',
  'Tomás',
  'Grace',
  'Kwame',
  'Ingrid',
  'Mei',
  'Samuel',
  'Leila',
  'Patrick',
]

export const DEMO_LAST_NAMES = [
  'Schmidt',
  'Tanaka',
  'Okafor',
  'García',
  'Nguyen',
  'Johansson',
  'Rossi',
  'Kowalski',
  'Dubois',
  'Patel',
  "O'Brien",
  'Silva',
  'Müller',
  'Kim',
  'Andersen',
  'Haddad',
  'Novak',
  'Fischer',
  'Mensah',
  'Lindqvist',
  'Moreau',
  'Costa',
  'Yamamoto',
  'Walsh',
  'Ivanova',
]

/** Customer companies: name and mail domain (reserved test domains only). */
export const DEMO_COMPANIES: { name: string; domain: string }[] = [
  { name: 'Northwind Studio', domain: 'northwind.test' },
  { name: 'Blue Harbor Media', domain: 'blueharbor.test' },
  { name: 'Kestrel Logistics', domain: 'kestrel-logistics.test' },
  { name: 'Maple & Finch', domain: 'maplefinch.test' },
  { name: 'Orbitly', domain: 'orbitly.test' },
  { name: 'Greenfield Schools', domain: 'greenfield-schools.test' },
  { name: 'Atlas Architects', domain: 'atlas-arch.test' },
  { name: 'Pine Street Bakery', domain: 'pinestreet.test' },
  { name: 'Helix Bio', domain: 'helixbio.test' },
  { name: 'Lumen Events', domain: 'lumen-events.test' },
  { name: 'Quarry Games', domain: 'quarrygames.test' },
  { name: 'Rivera Legal', domain: 'riveralegal.test' },
  { name: 'Solstice Travel', domain: 'solstice.test' },
  { name: 'Tidewater Nonprofit', domain: 'tidewater.test' },
  { name: 'Vantage Analytics', domain: 'vantage.test' },
  { name: 'Wildflower Design', domain: 'wildflower.test' },
]
