import { seededRandom } from '#database/seeded_random'

/**
 * Demo referral data for the K-factor dashboard: a tutoring product's viral loops over the
 * last 90 days. Users who joined earlier send invites in bursts from one loop; invitees
 * click, sign up and reach their first value with loop-specific rates and log-normal
 * delays, then become users who invite in turn. Deterministic (seeded), and times never
 * pass "now", so recent invites are still converting, as in real data.
 */
export interface DemoLoop {
  key: string
  /** Share of invite bursts sent from this loop. */
  weight: number
  /** Invites per burst: min and max. */
  burst: [number, number]
  click: number
  /** Sign-up rate of clicked invites. */
  signup: number
  /** Share of sign-ups whose click was never recorded (typed link, lost beacon). */
  missingClick: number
  firstValue: number
  /** Median hours from invite to sign-up (log-normal, sigma 0.9). */
  cycleHours: number
}

export const DEMO_LOOPS: DemoLoop[] = [
  {
    key: 'buddy_challenge',
    weight: 0.3,
    burst: [2, 6],
    click: 0.62,
    signup: 0.48,
    missingClick: 0.05,
    firstValue: 0.72,
    cycleHours: 20,
  },
  {
    key: 'results_rally',
    weight: 0.25,
    burst: [1, 4],
    click: 0.4,
    signup: 0.42,
    missingClick: 0.04,
    firstValue: 0.6,
    cycleHours: 36,
  },
  {
    key: 'proud_parent',
    weight: 0.15,
    burst: [1, 3],
    click: 0.66,
    signup: 0.55,
    missingClick: 0.08,
    firstValue: 0.78,
    cycleHours: 70,
  },
  {
    key: 'study_streak',
    weight: 0.2,
    burst: [1, 2],
    click: 0.3,
    signup: 0.3,
    missingClick: 0.03,
    firstValue: 0.5,
    cycleHours: 12,
  },
  {
    key: 'tutor_spotlight',
    weight: 0.1,
    burst: [2, 5],
    click: 0.5,
    signup: 0.45,
    missingClick: 0.06,
    firstValue: 0.66,
    cycleHours: 48,
  },
]

export const DEMO_DAYS = 90
/** Users who joined before the period (weeks of organic sign-ups). */
export const DEMO_SEED_USERS = 3000
/** Invite bursts on the first day; the daily number grows with the user base. */
const BURSTS_PER_1000_USERS = 14

export interface DemoSubject {
  id: string
  signedUpAt: Date
  referredBy: string | null
  /** Token of the link they signed up with. */
  token: string | null
}

export interface DemoLink {
  token: string
  referrerId: string
  loop: string
  inviteeEmail: string
  sentAt: Date
  clickedAt: Date | null
  signedUpAt: Date | null
  inviteeId: string | null
  firstValueAt: Date | null
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

export function generateGrowthDemo(now = new Date(), seed = 9) {
  const random = seededRandom(seed)
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const logNormalHours = (median: number) => median * Math.exp(0.9 * normal())
  const end = now.getTime()
  const start = end - DEMO_DAYS * DAY

  const subjects: DemoSubject[] = []
  /** How eager each user is to invite: a few very active users, many occasional ones. */
  const eagerness: number[] = []
  const addUser = (
    id: string,
    signedUpAt: Date,
    referredBy: string | null,
    token: string | null
  ) => {
    subjects.push({ id, signedUpAt, referredBy, token })
    eagerness.push(random() ** 3)
  }
  for (let i = 0; i < DEMO_SEED_USERS; i++) {
    addUser(`user-${1000 + i}`, new Date(start - (10 + random() * 110) * DAY), null, null)
  }

  const loopTotal = DEMO_LOOPS.reduce((sum, loop) => sum + loop.weight, 0)
  const pickLoop = () => {
    let at = random() * loopTotal
    for (const loop of DEMO_LOOPS) if ((at -= loop.weight) < 0) return loop
    return DEMO_LOOPS[0]
  }

  const links: DemoLink[] = []
  const joins: { at: number; id: string; referrer: string; token: string }[] = []
  for (let day = 0; day < DEMO_DAYS; day++) {
    const dayStart = start + day * DAY
    // Invitees who signed up before today can invite from today on.
    joins.sort((a, b) => a.at - b.at)
    while (joins.length && joins[0].at < dayStart) {
      const join = joins.shift()!
      addUser(join.id, new Date(join.at), join.referrer, join.token)
    }
    const cumulative: number[] = []
    let sum = 0
    for (const weight of eagerness) cumulative.push((sum += weight))
    const pickUser = () => {
      const target = random() * sum
      let lo = 0
      let hi = cumulative.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cumulative[mid] < target) lo = mid + 1
        else hi = mid
      }
      return subjects[lo].id
    }
    const weekday = new Date(dayStart).getUTCDay()
    const bursts = Math.round(
      (subjects.length / 1000) *
        BURSTS_PER_1000_USERS *
        (weekday === 0 || weekday === 6 ? 0.7 : 1.1)
    )
    for (let b = 0; b < bursts; b++) {
      const referrerId = pickUser()
      const loop = pickLoop()
      const size = loop.burst[0] + Math.floor(random() * (loop.burst[1] - loop.burst[0] + 1))
      const sentBase = dayStart + random() * DAY * 0.98
      for (let n = 0; n < size; n++) {
        const sentAt = sentBase + n * 20_000
        if (sentAt > end) continue
        const token = `demo${String(links.length + 1).padStart(6, '0')}`
        const inviteeId = `user-${100_000 + links.length}`
        const link: DemoLink = {
          token,
          referrerId,
          loop: loop.key,
          inviteeEmail: `invitee${links.length + 1}@example.com`,
          sentAt: new Date(sentAt),
          clickedAt: null,
          signedUpAt: null,
          inviteeId: null,
          firstValueAt: null,
        }
        links.push(link)
        const clicked = random() < loop.click
        const signedUp = clicked && random() < loop.signup
        if (!signedUp) {
          const clickAt = sentAt + logNormalHours(loop.cycleHours / 4) * HOUR
          if (clicked && clickAt < end) link.clickedAt = new Date(clickAt)
          continue
        }
        const signupAt = sentAt + logNormalHours(loop.cycleHours) * HOUR
        if (signupAt >= end) {
          // Not converted yet; the click may already have happened.
          const clickAt = sentAt + (end - sentAt) * random()
          link.clickedAt = new Date(clickAt)
          continue
        }
        if (random() >= loop.missingClick) {
          link.clickedAt = new Date(sentAt + (signupAt - sentAt) * (0.05 + 0.5 * random()))
        }
        link.signedUpAt = new Date(signupAt)
        link.inviteeId = inviteeId
        joins.push({ at: signupAt, id: inviteeId, referrer: referrerId, token })
        const valueAt = signupAt + logNormalHours(6) * HOUR
        if (random() < loop.firstValue && valueAt < end) link.firstValueAt = new Date(valueAt)
      }
    }
  }
  for (const join of joins) addUser(join.id, new Date(join.at), join.referrer, join.token)
  return { subjects, links }
}
