// Demo knowledge-base content: FAQ categories and articles for the fictional Tasklane app.

export interface DemoCategory {
  name: string
  slug: string
  description: string
  position: number
}

export interface DemoFaq {
  category: string // a category slug
  question: string
  answer: string // Markdown
  published: boolean
}

export const DEMO_FAQ_CATEGORIES: DemoCategory[] = [
  {
    name: 'General',
    slug: 'general',
    description: 'The basics of Tasklane: projects, boards, teammates and where to get help.',
    position: 1,
  },
  {
    name: 'Account',
    slug: 'account',
    description: 'Signing in, keeping your account secure and managing people in your workspace.',
    position: 2,
  },
  {
    name: 'Technical',
    slug: 'technical',
    description:
      'Fixes for the web and mobile apps, file uploads, notifications and the Tasklane API.',
    position: 3,
  },
  {
    name: 'Billing',
    slug: 'billing',
    description: 'Plans, payments, invoices, taxes and refunds, explained in plain language.',
    position: 4,
  },
  {
    name: 'Integrations',
    slug: 'integrations',
    description:
      'Connecting Tasklane to Slack, Google Drive, GitHub, single sign-on and your own tools.',
    position: 5,
  },
]

export const DEMO_FAQS: DemoFaq[] = [
  // General
  {
    category: 'general',
    question: 'What is Tasklane and who is it for?',
    answer: `Tasklane is a project-management app that helps teams plan work, track progress and keep conversations next to the tasks they belong to.

You can use it in the browser or with our **iOS** and **Android** apps. Typical teams include:

- Marketing and content teams planning campaigns
- Software teams tracking bugs and releases
- Agencies sharing progress with clients as guests

The **Free** plan is a great way to try it with a small group. When you need more, the **Team** and **Business** plans add more features. Compare them on [our pricing page](https://tasklane.example/pricing).`,
    published: true,
  },
  {
    category: 'general',
    question: 'What is the difference between a project, a board and a task?',
    answer: `Think of them as three levels:

1. A **project** is the big container, for example "Website relaunch". It has its own members, files and settings.
2. A **board** lives inside a project and shows work as columns, such as **To do**, **In progress** and **Done**. A project can have several boards.
3. A **task** is a single piece of work on a board. It can have an assignee, a due date, comments, checklists and attachments.

You can drag tasks between columns to update their status, or move them to another board from the task's **⋯** menu.`,
    published: true,
  },
  {
    category: 'general',
    question: 'How do I invite teammates to my workspace?',
    answer: `Workspace admins and members with invite rights can add people in a few clicks:

1. Click **Invite** at the top of the sidebar.
2. Enter one or more email addresses, separated by commas.
3. Choose a role: **Member**, **Admin** or **Guest**.
4. Optionally pick the projects they should join right away.
5. Click **Send invites**.

Each person gets an email with a link that stays valid for 7 days. You can resend or cancel pending invites under **Admin console** → **Members** → **Pending**.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Can I give a client access to one project without giving them the whole workspace?',
    answer: `Yes, that is exactly what **guest users** are for. A guest only sees the projects you share with them, and nothing else in your workspace.

To add a guest:

1. Open the project and click **Share**.
2. Enter their email address and set the role to **Guest**.
3. Choose whether they can **comment only** or also **edit tasks**.

Guests cannot create projects, see the member list or change workspace settings. You can remove a guest at any time from the same **Share** dialog.`,
    published: true,
  },
  {
    category: 'general',
    question: 'How do I restore a project that was deleted by mistake?',
    answer: `Don't worry, deleted projects are kept in the trash for **30 days** before they are removed for good.

1. Click **Trash** at the bottom of the sidebar.
2. Find the project. You can search by name or filter by who deleted it.
3. Click **Restore**.

The project comes back with its boards, tasks, comments and attachments, and members get their access back. Only workspace admins and the person who deleted the project can restore it. After 30 days the project can no longer be recovered, even by our support team.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Which keyboard shortcuts can help me work faster?',
    answer: `Tasklane has plenty of shortcuts in the web app. Here are the ones people use most:

- \`N\` creates a new task in the current column
- \`/\` jumps to search
- \`E\` edits the selected task
- \`A\` assigns the selected task to yourself
- \`Ctrl\` + \`Enter\` (or \`Cmd\` + \`Enter\` on a Mac) posts a comment
- \`Esc\` closes the open task

Press \`?\` anywhere in the app to see the full list. Shortcuts are turned off while you are typing in a text field, so they won't get in your way.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Why do due dates show a different time for my colleague abroad?',
    answer: `Tasklane shows every date and time in **your own time zone**, so a task due at 5 pm in London will show as 12 pm for a teammate in New York. That is expected, and it means reminders arrive at the right moment for everyone.

To check or change your time zone:

1. Click your avatar and open **Settings** → **Profile**.
2. Look at **Time zone**. By default it follows your device.
3. Pick a different one if it is wrong, then click **Save**.

Tasks with a date but no time are treated as due at the end of that day wherever you are.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Where can I check whether Tasklane is having an outage?',
    answer: `Our live status page is at [status.tasklane.example](https://status.tasklane.example). It shows the current health of:

- The web app and mobile apps
- File uploads and downloads
- Email and push notifications
- The API and integrations

If something is wrong, we post updates there first, usually within a few minutes. Click **Subscribe to updates** to get an email or SMS whenever an incident is opened or resolved. If the page says everything is fine but you still have trouble, please contact support so we can take a look.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Where is my data stored, and how do you keep it secure?',
    answer: `Your workspace data is stored in data centers in the **European Union** by default. Business customers can ask for a **United States** region when they create a new workspace.

Here is how we protect it:

- All traffic is encrypted with TLS, and data at rest is encrypted with AES-256.
- Backups are taken every day and kept for 30 days.
- Access by our staff is limited, logged and only granted for support requests.
- We run yearly third-party penetration tests.

You can read the details and download our security overview on the [Trust Center](https://tasklane.example/security).`,
    published: true,
  },
  {
    category: 'general',
    question: 'Is Tasklane GDPR compliant, and can we sign a data processing agreement?',
    answer: `Yes. Tasklane acts as a data processor for the content you put in your workspace, and we follow the GDPR for all customers, wherever they are.

- Our standard **Data Processing Agreement (DPA)** is available on [our legal page](https://tasklane.example/legal/dpa). It is already part of our terms, so there is nothing to sign unless your company needs a countersigned copy.
- You can see our list of subprocessors on the same page.
- Individuals can ask for a copy of their personal data or for it to be erased, and we respond within 30 days.

For a countersigned DPA, a workspace admin can request one from **Admin console** → **Legal**.`,
    published: true,
  },
  {
    category: 'general',
    question: 'How can I contact support, and how quickly will I get an answer?',
    answer: `You can reach us in two ways:

1. In the app, click the **?** icon in the bottom-left corner and choose **Contact support**.
2. Or open a ticket at [tasklane.example/support](https://tasklane.example/support).

Typical first-response times:

- **Free**: within 2 business days
- **Team**: within 1 business day
- **Business**: within 4 business hours, with priority handling

To help us help you faster, include the workspace name, the steps that led to the problem and a screenshot if you can.`,
    published: true,
  },
  {
    category: 'general',
    question: 'Can I start a new project from a template?',
    answer: `Yes. Templates save you from setting up the same columns, labels and checklists again and again.

1. Click **New project**.
2. Choose **Start from template**.
3. Browse the gallery (for example **Product launch**, **Content calendar** or **Bug tracking**) or switch to the **Your workspace** tab.
4. Pick one, give the project a name and click **Create**.

To turn one of your own projects into a template, open its **⋯** menu and choose **Save as template**. Task contents are copied, but comments and attachments are not.`,
    published: true,
  },
  {
    category: 'general',
    question: 'What is the difference between archiving and deleting a project?',
    answer: `**Archiving** hides a finished project from the sidebar and search, but keeps everything exactly as it was. You can reopen it any time, and it never goes to the trash.

**Deleting** moves the project to the **Trash**, where it stays for 30 days before it is permanently removed.

To archive a project:

1. Open the project.
2. Click **⋯** → **Archive project**.

You can find archived projects under **Projects** → **Archived**. We recommend archiving rather than deleting whenever you might need the history later.`,
    published: true,
  },
  {
    category: 'general',
    question: 'What will Tasklane Assist do, and when can I try it?',
    answer: `**Tasklane Assist** is a new feature we are working on. It will help you:

- Summarize long comment threads on a task
- Turn meeting notes into a list of draft tasks
- Suggest due dates based on how long similar work took before

We plan to open a beta for **Business** workspaces first. Workspace admins will be able to switch it on or off under **Admin console** → **Features**, and your content will never be used to train shared models.

Want early access? Join the waiting list on [our beta page](https://tasklane.example/beta).`,
    published: false,
  },

  // Account
  {
    category: 'account',
    question: 'How do I reset my password if I forgot it?',
    answer: `No problem, you can set a new one in a couple of minutes:

1. Go to the sign-in page and click **Forgot password?**
2. Enter the email address you use for Tasklane and click **Send reset link**.
3. Open the email and click the link. It works for 60 minutes.
4. Choose a new password with at least 10 characters and click **Save**.

If the email doesn't arrive, check your spam folder. If your company signs in with single sign-on, you can't reset your password in Tasklane; ask your IT team instead.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How do I turn on two-factor authentication?',
    answer: `Two-factor authentication (2FA) adds a second step when you sign in, so a stolen password alone isn't enough.

1. Click your avatar and open **Settings** → **Security**.
2. Under **Two-factor authentication**, click **Set up**.
3. Scan the QR code with an authenticator app such as Google Authenticator, 1Password or Authy.
4. Enter the 6-digit code from the app and click **Verify**.
5. Download or print your **recovery codes** and keep them somewhere safe.

Workspace admins can make 2FA mandatory for everyone under **Admin console** → **Security**.`,
    published: true,
  },
  {
    category: 'account',
    question: 'I lost my phone with my authenticator app. How can I sign in?',
    answer: `You can still get in with one of the **recovery codes** you saved when you set up two-factor authentication.

1. Sign in with your email and password as usual.
2. On the code screen, click **Use a recovery code**.
3. Enter one of your codes. Each code works only once.
4. Once you are in, go to **Settings** → **Security** and set up 2FA again on your new phone.

If you don't have your recovery codes, ask a workspace admin to reset 2FA for you from **Admin console** → **Members**. If you are the only admin, contact support and we will verify your identity first.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How do I change the email address I use to sign in?',
    answer: `1. Click your avatar and open **Settings** → **Account**.
2. Next to **Email**, click **Change**.
3. Enter your new address and your current password.
4. We send a confirmation link to the **new** address. Click it within 24 hours.

Until you confirm, you keep signing in with your old address. We also send a notice to the old address, just in case the change wasn't you.

If your workspace uses single sign-on, your email is managed by your identity provider and the **Change** button is hidden.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How do I permanently delete my Tasklane account?',
    answer: `Before you start, keep in mind that deleting your account **cannot be undone**.

1. If you own a workspace, transfer ownership to someone else or delete the workspace first.
2. Click your avatar and open **Settings** → **Account**.
3. Scroll down to **Delete account** and click **Delete my account**.
4. Type your password to confirm.

Your profile and personal data are erased within 30 days. Tasks and comments you created in shared projects stay, but they are shown as written by **Deleted user**. If you only want to leave one workspace, use **Leave workspace** instead.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How can I update my name, profile photo and language?',
    answer: `All of these live in your profile:

1. Click your avatar in the top-right corner.
2. Choose **Settings** → **Profile**.
3. Edit your **Full name** and **Display name**.
4. Click the photo to upload a new one (JPG or PNG, up to 5 MB).
5. Pick your preferred **Language** from the list.
6. Click **Save**.

Your teammates see the new name and photo right away. The language setting only changes the app for you, not for the rest of the workspace.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How do I make a colleague a workspace admin?',
    answer: `Only existing admins can promote someone else.

1. Open **Admin console** → **Members**.
2. Find the person in the list. You can search by name or email.
3. Click the role next to their name and choose **Admin**.

Admins can:

- Invite and remove members and guests
- Manage billing and the plan
- Install integrations and set security rules

We recommend having at least **two admins**, so your workspace isn't stuck if one person is away or leaves the company.`,
    published: true,
  },
  {
    category: 'account',
    question: 'What should I do when an employee leaves the company?',
    answer: `Remove them from the workspace so they lose access right away:

1. Go to **Admin console** → **Members**.
2. Click **⋯** next to their name and choose **Deactivate**.
3. Pick a teammate who should take over their open tasks, or leave them unassigned.

Deactivating signs the person out on every device and frees up their seat for your next bill. Their comments and history stay in place, so nothing is lost. If they come back later, you can reactivate them from the **Deactivated** tab.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How do I transfer ownership of a workspace?',
    answer: `Each workspace has exactly one **owner**, who is also the billing contact. To hand that role over:

1. Make sure the new owner is already an **Admin** in the workspace.
2. Open **Admin console** → **Settings** → **Ownership**.
3. Choose the new owner and click **Transfer**.
4. Enter your password to confirm.

You stay in the workspace as an admin, and you can leave or be removed afterwards. Future receipts are sent to the new owner, so remember to update the billing contact if your finance team uses a shared mailbox.`,
    published: true,
  },
  {
    category: 'account',
    question: 'Can I use one login for several workspaces?',
    answer: `Yes. One Tasklane account can belong to as many workspaces as you are invited to, for example your own company and a client's workspace.

- Switch between them with the **workspace switcher** at the top of the sidebar.
- Notifications are grouped by workspace, so you always know where they came from.
- Your profile name and photo are shared, but your role can differ in each workspace.

If a workspace uses single sign-on, you may be asked to sign in through your company's identity provider before switching to it.`,
    published: true,
  },
  {
    category: 'account',
    question: 'How can I sign out of Tasklane on a device I no longer have?',
    answer: `You can end sessions remotely from any device where you are signed in:

1. Click your avatar and open **Settings** → **Security**.
2. Scroll to **Active sessions**. You will see the device, browser, rough location and last activity for each one.
3. Click **Sign out** next to the session you don't recognize, or **Sign out of all other sessions**.

If you see a session you don't recognize, change your password straight away and turn on two-factor authentication for extra protection.`,
    published: true,
  },
  {
    category: 'account',
    question: 'Why does Tasklane keep signing me out?',
    answer: `For your security, sessions end after a period of inactivity. A few things can make that happen sooner than you expect:

- Your workspace admin has set a shorter **Session length** under **Admin console** → **Security**. On Business, this can be as short as 8 hours.
- Your browser clears cookies when you close it, often because of a privacy setting or extension.
- You changed your password, which signs you out everywhere else.

To stay signed in longer, tick **Keep me signed in** on the sign-in page and allow cookies for tasklane.example. If you use single sign-on, your identity provider may also have its own session limit.`,
    published: true,
  },
  {
    category: 'account',
    question: "Why didn't I get the verification email after signing up?",
    answer: `The email usually arrives within a minute. If it hasn't:

1. Check your **spam**, **junk** or **promotions** folder.
2. Make sure you typed your address correctly. You can see it on the **Verify your email** screen.
3. Click **Resend email** on that screen.
4. Ask your IT team to allow messages from \`no-reply@tasklane.example\`, since some company filters hold new senders back.

Still nothing after 15 minutes? Contact support from [tasklane.example/support](https://tasklane.example/support) and tell us the address you signed up with.`,
    published: true,
  },
  {
    category: 'account',
    question: 'Can I sign in with my Google or Apple account instead of a password?',
    answer: `Yes. On the sign-in page, click **Continue with Google** or **Continue with Apple**.

If you already have a Tasklane account with the same email address, we link them automatically the first time. You can then use either method.

To stop using Google or Apple sign-in:

1. Open **Settings** → **Security**.
2. Set a password under **Password** first, so you don't lock yourself out.
3. Click **Disconnect** next to the provider.

Business workspaces that enforce single sign-on hide these buttons for their members.`,
    published: true,
  },

  // Technical
  {
    category: 'technical',
    question: 'What is the largest file I can attach to a task?',
    answer: `Each attachment can be up to **250 MB** on every plan. Total storage depends on your plan:

- **Free**: 2 GB per workspace
- **Team**: 100 GB per workspace
- **Business**: unlimited

To attach a file, drag it onto the task or click **Attach** → **Upload from computer**. For files larger than 250 MB, such as long videos, we suggest storing them in Google Drive and linking them to the task instead. You can see how much storage you are using under **Admin console** → **Usage**.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Which web browsers does Tasklane support?',
    answer: `Tasklane works best in the **two most recent versions** of:

- Google Chrome
- Mozilla Firefox
- Microsoft Edge
- Apple Safari

Other browsers based on Chromium, such as Brave or Arc, usually work fine too, but we don't test them. Internet Explorer is not supported.

If something looks wrong, first update your browser and try disabling extensions such as ad blockers. You can check your version at [tasklane.example/browser-check](https://tasklane.example/browser-check).`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Can I use Tasklane without an internet connection?',
    answer: `Partly. Our **iOS** and **Android** apps have an offline mode:

- Projects you opened recently are saved on your device.
- You can read tasks, tick off checklist items, write comments and create new tasks while offline.
- Your changes are queued and synced automatically as soon as you are back online.

A few things still need a connection, such as uploading attachments, inviting people and searching across the whole workspace. The web app needs an internet connection, but it keeps unsent comments in your browser if the network drops for a moment.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Why am I not getting email or push notifications?',
    answer: `Let's check the usual suspects one by one:

1. Open **Settings** → **Notifications** and make sure **Email** and **Push** are switched on for the events you care about.
2. Check whether **Do not disturb** is on. It pauses all notifications outside your working hours.
3. On your phone, open the system settings and allow notifications for the Tasklane app.
4. Look in your spam folder and add \`notifications@tasklane.example\` to your contacts.
5. Remember that you are not notified about your **own** changes.

If it still doesn't work, check [our status page](https://status.tasklane.example) for delays.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'How do I export all of my workspace data?',
    answer: `Workspace admins can download a full copy of everything at any time, on every plan.

1. Go to **Admin console** → **Data** → **Export**.
2. Choose the format: **CSV** (easy to open in a spreadsheet) or **JSON** (best for moving data to another tool).
3. Tick **Include attachments** if you want the files too.
4. Click **Start export**.

We email you a download link when the archive is ready. Large workspaces can take up to a few hours. The link stays valid for 7 days. To export a single project, use **⋯** → **Export** inside that project.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'How do I create an API token for my own scripts?',
    answer: `Personal API tokens let your scripts act on your behalf.

1. Click your avatar and open **Settings** → **API tokens**.
2. Click **Create token**, give it a name and choose an expiry date.
3. Pick the scopes it needs, for example \`tasks:read\` or \`projects:write\`.
4. Copy the token now. For your safety, we only show it once.

Send it in the \`Authorization\` header as \`Bearer <token>\`. Treat tokens like passwords: never commit them to a code repository, and revoke any you no longer use. The API reference is at [tasklane.example/developers](https://tasklane.example/developers).`,
    published: true,
  },
  {
    category: 'technical',
    question: 'What are the API rate limits, and what happens if I go over them?',
    answer: `To keep Tasklane fast for everyone, each API token can make:

- **Free**: 60 requests per minute
- **Team**: 300 requests per minute
- **Business**: 1,000 requests per minute

Every response includes the headers \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\`, so you can see how much room you have left. If you go over the limit, you get a \`429 Too Many Requests\` response. Wait until the reset time and try again, ideally with exponential backoff. Need a higher limit for a big migration? Contact support and tell us about your use case.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'My file upload gets stuck or fails. What can I do?',
    answer: `Uploads usually fail for one of these reasons:

- The file is larger than the **250 MB** limit.
- Your workspace has run out of storage. Check **Admin console** → **Usage**.
- A company firewall or VPN is blocking uploads to our storage servers.
- The connection dropped part-way through.

Try this:

1. Reload the page and upload the file again.
2. Try another network, or switch off your VPN for a moment.
3. Try a different browser to rule out an extension.

If a specific file always fails, send us its type and size through support and we will investigate.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Which iPhone and Android versions can run the Tasklane mobile app?',
    answer: `The current apps need:

- **iOS and iPadOS 16** or later, on iPhone and iPad
- **Android 10** or later, on phones and tablets

Download them from the [App Store](https://tasklane.example/download/ios) or [Google Play](https://tasklane.example/download/android).

We release updates about every two weeks. Turning on automatic updates is the easiest way to get bug fixes and new features. If your device is older, you can still use Tasklane in your phone's browser, although some features such as offline mode aren't available there.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'The app shows a blank page or looks broken. How do I fix it?',
    answer: `This is usually caused by old files stored in your browser. Try these steps in order:

1. Do a hard refresh: \`Ctrl\` + \`Shift\` + \`R\` on Windows and Linux, or \`Cmd\` + \`Shift\` + \`R\` on a Mac.
2. Open Tasklane in a private or incognito window. If it works there, an extension is probably the cause.
3. Clear the cache and cookies for tasklane.example in your browser settings, then sign in again.
4. Make sure your browser is up to date.

If none of this helps, take a screenshot and send it to support along with your browser name and version.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'How do I report a bug so your team can reproduce it?',
    answer: `Thanks for helping us improve Tasklane! A good bug report helps us fix things much faster. Please include:

- **What you did**: the exact steps, starting from a page we can open
- **What you expected** to happen
- **What happened instead**, with the exact error message if there was one
- Your browser or app version, which you can find under **Help** → **About**
- A screenshot or short screen recording

Send it through **?** → **Report a problem** in the app. This automatically attaches technical details such as your workspace ID, so you don't have to look them up.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Can I see earlier versions of a task description?',
    answer: `Yes. Tasklane keeps a history of every change to a task description.

1. Open the task.
2. Click **⋯** → **Version history**.
3. Select a version on the left to see it, with changes highlighted.
4. Click **Restore this version** to bring it back.

Restoring creates a new version, so you can always undo it. History is kept for **90 days** on the Team plan and forever on Business. The **Activity** tab on the task also shows who changed the assignee, due date or status, and when.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'How can I print a board or save it as a PDF?',
    answer: `You can print any board in a clean layout without the sidebar and buttons:

1. Open the board you want to print.
2. Click **⋯** → **Print**.
3. Choose what to include, for example only open tasks or tasks with a certain label.
4. In your browser's print dialog, pick your printer or choose **Save as PDF**.

For wide boards, switch the page orientation to **Landscape**. If you need the data rather than a printout, the **Export** option in the same menu gives you a spreadsheet you can edit.`,
    published: true,
  },
  {
    category: 'technical',
    question: 'Will there be a desktop app for Windows and macOS?',
    answer: `Yes, we are building one! The Tasklane desktop app will offer:

- Native notifications that work even when your browser is closed
- A global shortcut to add a task from anywhere on your computer
- Offline access to your recent projects, like our mobile apps

We expect a public beta for **Windows 10 and 11** and **macOS 13** or later. Until then, you can install the web app from Chrome or Edge using **Install Tasklane** in the address bar, which gives you a similar windowed experience.

Sign up at [tasklane.example/desktop](https://tasklane.example/desktop) to hear when the beta opens.`,
    published: false,
  },

  // Billing
  {
    category: 'billing',
    question: 'What is included in the Free, Team and Business plans?',
    answer: `Here is a quick overview:

- **Free**: up to 5 members, 3 active projects and 2 GB of storage. Great for trying Tasklane.
- **Team** ($8 per user/month): unlimited projects, 100 GB of storage, guest users, integrations and priority email support.
- **Business** ($15 per user/month): everything in Team, plus single sign-on, advanced admin controls, unlimited version history, unlimited storage and faster support.

Prices are per user per month when paid monthly. Two-factor authentication, data export and the API are available on every plan. See the full comparison at [tasklane.example/pricing](https://tasklane.example/pricing).`,
    published: true,
  },
  {
    category: 'billing',
    question: 'How do I upgrade or downgrade my subscription?',
    answer: `Workspace admins can change the plan at any time:

1. Open **Admin console** → **Billing**.
2. Click **Change plan**.
3. Choose the new plan and billing period, then click **Confirm**.

**Upgrades** take effect right away. We charge you only for the rest of the current period, based on the days left.

**Downgrades** take effect at the end of your current billing period, so you keep your current features until then. If you move to Free, you'll need to get down to 5 members and 3 active projects first; the app will show you what to change.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Where can I download my invoices?',
    answer: `Every payment comes with an invoice, and you can download them all in one place:

1. Open **Admin console** → **Billing** → **Invoices**.
2. Find the month you need.
3. Click **Download PDF**.

Each invoice shows your company name, billing address, the number of seats and the period covered. We also email a copy to the billing contact after each payment.

To send invoices to your accounts team automatically, add their address under **Billing** → **Invoice recipients**. You can add up to 5 addresses.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'How do I add our VAT number so it appears on our invoices?',
    answer: `If your business is registered for VAT in the EU or the UK, add your number and we'll apply the reverse charge where it applies.

1. Go to **Admin console** → **Billing** → **Billing details**.
2. Enter your company's legal name and address.
3. Type your number in the **VAT ID** field, including the country prefix, for example \`DE123456789\`.
4. Click **Save**.

We check the number automatically. From then on, it is printed on every new invoice. We can't change invoices that were already issued, but support can send you a corrected copy for the current quarter.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'My card payment failed. What happens now?',
    answer: `First, don't worry: your workspace keeps working while we sort it out.

Here is what happens:

1. We email the billing contact and try the card again after 3, 5 and 7 days.
2. An admin can update the card at any time under **Admin console** → **Billing** → **Payment method**, and we retry right away.
3. If payment still fails after **14 days**, the workspace switches to the Free plan's limits. No data is deleted.

Common causes are an expired card, a low limit, or your bank blocking payments abroad. A quick call to your bank usually solves it.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Can I get a refund if I change my mind?',
    answer: `Yes, in these cases:

- **Annual plans**: you can ask for a full refund within **30 days** of the purchase or renewal.
- **Monthly plans**: we don't refund partial months, but you can cancel at any time and you won't be charged again.
- **Charged by mistake**, for example for seats you removed right away: contact us and we'll put it right.

To request a refund, open a ticket at [tasklane.example/support](https://tasklane.example/support) from the workspace owner's account and include the invoice number. Refunds go back to the original payment method and usually show up within 5 to 10 business days.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'How are seats counted, and do guests cost anything?',
    answer: `You pay for each **active member and admin** in the workspace. Guests are free, up to 5 guests for every paid seat.

A few details:

- Pending invites don't count until the person accepts.
- Deactivated members don't count.
- If you add someone mid-month, you pay a prorated amount for the days left in that period.

You can see your current seat count and the cost under **Admin console** → **Billing**. On annual plans, you can also buy a fixed number of seats in advance and add more later.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Is there a discount for paying yearly?',
    answer: `Yes. When you pay once a year you get **two months free**, which is about 17% off the monthly price.

To switch:

1. Go to **Admin console** → **Billing**.
2. Click **Change plan**.
3. Select **Annual** and click **Confirm**.

We credit any unused time on your monthly plan against the first annual payment. Annual plans renew automatically, and we send a reminder 30 days before the renewal date so you have time to adjust the number of seats.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Can we pay by bank transfer or with a purchase order?',
    answer: `Yes, for annual **Business** plans with 20 or more seats.

1. Contact our sales team at [tasklane.example/contact-sales](https://tasklane.example/contact-sales).
2. Tell us the number of seats and send your purchase order if your company uses one.
3. We set up your workspace for payment by bank transfer, with **30-day** payment terms.

We send the bill and our bank details by email. Please include the invoice number in the payment reference so we can match it quickly. For smaller teams, we accept all major credit and debit cards.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'How do I update the credit card on file?',
    answer: `Only workspace admins can change the payment method.

1. Open **Admin console** → **Billing** → **Payment method**.
2. Click **Replace card**.
3. Enter the new card details. Your bank may ask you to confirm in its app.
4. Click **Save**.

The new card is used for the next payment. If a payment failed recently, we retry it with the new card straight away. We never see or store your full card number; payments are handled by our payment provider.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'What happens to our projects if we cancel our paid plan?',
    answer: `Your data stays safe. When you cancel:

1. You keep your paid features until the end of the period you've already paid for.
2. After that, the workspace moves to the **Free** plan.
3. All projects, tasks and files are kept, but only **3 projects** stay active. The rest become read-only until you upgrade again or archive some.

To cancel, go to **Admin console** → **Billing** and click **Cancel subscription**. We'd love to hear why you are leaving, so there is a short, optional survey at the end. If you want to leave Tasklane completely, export your data before deleting the workspace.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Do you offer discounts for nonprofits or schools?',
    answer: `Yes! We support organizations that do good work:

- **Registered nonprofits and charities**: 50% off the Team and Business plans.
- **Schools and universities**: the Team plan is free for classroom use by teachers and students.

To apply:

1. Create your workspace on the Free plan.
2. Fill in the form at [tasklane.example/nonprofit](https://tasklane.example/nonprofit) with proof of your status, for example a registration number or a school email address.
3. We review requests within 5 business days and apply the discount to your workspace.`,
    published: true,
  },
  {
    category: 'billing',
    question: 'Can I try the Business plan before paying for it?',
    answer: `Yes. Any workspace can start a **14-day free trial** of Business once.

1. Go to **Admin console** → **Billing**.
2. Click **Try Business free**.

You don't need to enter a card to start. During the trial you can test single sign-on, advanced admin controls and everything else in Business.

A few days before the trial ends, we'll send you a reminder. If you don't add a payment method, the workspace simply goes back to its previous plan. Nothing you created during the trial is lost.`,
    published: true,
  },
  {
    category: 'billing',
    question: "Why is this month's charge higher than usual?",
    answer: `The most common reason is **new seats**. When someone joins your workspace partway through a billing period, we charge a prorated amount for the rest of that period, and the full price from the next one. So the first bill after adding people often includes both.

Other possible reasons:

- You upgraded your plan, for example from Team to Business.
- Taxes were added because your billing address changed.
- An earlier payment failed and was retried together with the current one.

Open the invoice under **Admin console** → **Billing** → **Invoices** to see each line item. If something still doesn't add up, contact support and we'll go through it with you.`,
    published: true,
  },

  // Integrations
  {
    category: 'integrations',
    question: 'How do I connect Tasklane to Slack?',
    answer: `With the Slack integration, your team can get task updates in a channel and create tasks from messages.

1. Open **Admin console** → **Integrations** → **Slack**.
2. Click **Connect** and sign in to your Slack workspace.
3. Approve the permissions Tasklane asks for.
4. Back in Tasklane, open a project and go to **⋯** → **Notifications** → **Slack** to pick a channel.

In Slack, you can then type \`/tasklane new\` to create a task, or use **More actions** → **Create Tasklane task** on any message.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Why did task updates stop appearing in our Slack channel?',
    answer: `This usually happens after something changed on the Slack side. Check these points:

1. Was the channel renamed, archived or made private? Private channels need the Tasklane app to be invited with \`/invite @Tasklane\`.
2. Did the person who connected Slack leave your company? The connection stops when their Slack account is removed. An admin can reconnect it under **Admin console** → **Integrations** → **Slack**.
3. Is the project still linked to the channel? Look under **⋯** → **Notifications** → **Slack**.

If all looks fine, check [status.tasklane.example](https://status.tasklane.example) for integration delays.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Can I attach files from Google Drive to a task?',
    answer: `Yes. Files from Google Drive are linked rather than copied, so they don't use your Tasklane storage and always show the latest version.

1. Open a task and click **Attach** → **Google Drive**.
2. The first time, sign in with your Google account and allow access.
3. Pick one or more files or folders and click **Select**.

People who open the link still need permission in Google Drive. When you attach a file, Tasklane offers to **share it with project members**, which saves you a trip to Drive. You can remove the link at any time without affecting the original file.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'How do I link GitHub pull requests and commits to my tasks?',
    answer: `Once GitHub is connected, Tasklane shows related pull requests right on the task.

1. Go to **Admin console** → **Integrations** → **GitHub** and click **Install**.
2. Choose the GitHub organization and the repositories Tasklane may read.
3. Mention the task ID, like \`TL-142\`, in a branch name, commit message or pull request title.

The task then shows the pull request with its status. You can also set a rule so a task moves to **Done** automatically when its pull request is merged, under **⋯** → **Automations** in the project.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'How do we set up SAML single sign-on for our company?',
    answer: `Single sign-on (SSO) is available on the **Business** plan and works with any SAML 2.0 identity provider, including Okta, Microsoft Entra ID and Google Workspace.

1. Open **Admin console** → **Security** → **Single sign-on**.
2. Copy the **ACS URL** and **Entity ID** and add Tasklane as an app in your identity provider.
3. Paste your provider's metadata URL back into Tasklane.
4. Click **Test connection** and sign in as yourself.
5. When the test works, click **Enable**.

Step-by-step guides for each provider are at [tasklane.example/docs/sso](https://tasklane.example/docs/sso).`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'What happens to existing members when we make SSO mandatory?',
    answer: `When you switch on **Require SSO**, members must sign in through your identity provider from then on.

- Their accounts, tasks and history stay exactly as they are, as long as the email address matches the one in your identity provider.
- Passwords and Google or Apple sign-in are turned off for them.
- Anyone signed in now is asked to sign in again with SSO the next time they open Tasklane.

**Guests** from outside your company are not affected, so clients can keep using their own login. We recommend keeping one admin as an exception, in case your identity provider has an outage.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'How do I get notified in my own system when a task changes?',
    answer: `Use a **webhook**. Tasklane will send an HTTPS \`POST\` request to your URL whenever something happens.

1. Go to **Admin console** → **Integrations** → **Webhooks**.
2. Click **Add webhook** and enter your endpoint URL.
3. Choose events, such as \`task.created\`, \`task.completed\` or \`comment.added\`.
4. Copy the signing secret and click **Save**.

Each request has a \`X-Tasklane-Signature\` header. Check it against the signing secret so you know the request really came from us. Webhooks are available on the Team and Business plans.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'My webhook endpoint stopped receiving events. What should I check?',
    answer: `Start with the delivery log: open **Admin console** → **Integrations** → **Webhooks** and click the webhook. You'll see each delivery with its response code.

Common causes:

- Your endpoint returned an error or took longer than **10 seconds** to answer. We retry failed deliveries for up to 24 hours.
- After 3 days of failures, we pause the webhook automatically and email the admin who created it.
- Your server's certificate has expired, since we only deliver over HTTPS.

Fix the problem, then click **Resume** and use **Send test event** to confirm it works.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Can I move my projects over from Trello or Asana?',
    answer: `Yes, our importer brings your work across so you don't have to start from scratch.

1. Go to **Admin console** → **Data** → **Import**.
2. Choose **Trello** or **Asana** and sign in to that service.
3. Select the boards or projects to bring over.
4. Match their people to your Tasklane members, then click **Start import**.

Tasks, descriptions, comments, due dates, labels and attachments are copied. The original boards stay untouched, so you can compare before you switch. Moving from another tool? Export it to a spreadsheet and choose **Spreadsheet** in the same menu.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Does Tasklane work with Zapier or Make?',
    answer: `Yes! You can connect Tasklane to thousands of apps without writing code.

- In **Zapier**, search for the Tasklane app.
- In **Make**, add the Tasklane module to your scenario.

Sign in with your Tasklane account when asked. Popular automations include:

- Creating a task from a new form submission
- Adding a row to a spreadsheet when a task is completed
- Posting a message in Microsoft Teams when a task is overdue

Each automation acts as the person who connected it, so it can only see the projects that person can see.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'How can I see Tasklane due dates in Google Calendar or Outlook?',
    answer: `Subscribe to your personal calendar feed:

1. Click your avatar and open **Settings** → **Calendar**.
2. Choose which tasks to include: only yours, or all tasks in selected projects.
3. Click **Copy feed link**.
4. In Google Calendar, choose **Other calendars** → **From URL**. In Outlook, choose **Add calendar** → **Subscribe from web**. Paste the link.

Calendar apps refresh the feed every few hours, so changes won't show instantly. The link is private: if it is ever shared by accident, click **Reset link** to create a new one.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Who is allowed to install or remove integrations in our workspace?',
    answer: `By default, only **workspace admins** can install workspace-wide integrations such as Slack, GitHub and webhooks.

Admins can change this:

1. Open **Admin console** → **Integrations** → **Settings**.
2. Under **Who can add integrations**, choose **Admins only**, **Admins and members**, or **Admins, with approval requests**.

With approval requests, members can ask for an integration and an admin gets a notification to approve or decline it. Personal connections, like linking your own Google Drive, are always allowed unless an admin turns them off.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'How do I disconnect an integration and revoke its access?',
    answer: `1. Go to **Admin console** → **Integrations**.
2. Click the integration you want to remove.
3. Click **Disconnect** and confirm.

Tasklane stops sending data to the service right away and deletes the stored access keys. Links that were already added to tasks stay in place, but they are no longer updated.

To be thorough, also remove Tasklane from the other side, for example in Slack under **Manage apps** or in GitHub under **Installed GitHub Apps**. For your own connections, like Google Drive, use **Settings** → **Connected apps** instead.`,
    published: true,
  },
  {
    category: 'integrations',
    question: 'Is a Microsoft Teams integration on the way?',
    answer: `Yes, a native **Microsoft Teams** app is in development. It will work much like our Slack integration:

- Post task updates to a Teams channel
- Create tasks from any Teams message
- Open a Tasklane board as a tab inside a channel

We plan to launch it for **Team** and **Business** workspaces, and your Microsoft 365 admin will be able to approve it for the whole organization.

Until it is ready, you can already send Tasklane updates to Teams with Zapier or Make. Register your interest at [tasklane.example/teams](https://tasklane.example/teams) and we'll let you know when the beta starts.`,
    published: false,
  },
]
