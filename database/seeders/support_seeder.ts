import { BaseSeeder } from '@adonisjs/lucid/seeders'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { RawQueryBindings } from '@adonisjs/lucid/types/querybuilder'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import type { MessageKind } from '#models/ticket_message'
import { canTransition, PRIORITY_LABELS } from '#services/support'
import {
  AGENT_NOTES,
  AGENT_PROGRESS,
  AGENT_QUESTIONS,
  AGENT_RECHECKS,
  AGENT_UPDATES,
  AUTO_CLOSE_NOTE,
  CLOSE_NOTES,
  CSAT_COMMENTS,
  CUSTOMER_ANSWERS,
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_REOPENS,
  SEARCH_STOP_WORDS,
  DEMO_COMPANIES,
  DEMO_FIRST_NAMES,
  DEMO_GREETINGS,
  DEMO_LAST_NAMES,
  DEMO_SIGN_OFFS,
  DEMO_TICKET_TEMPLATES,
  DEMO_TICKET_VARIABLES,
  PENDING_TIMEOUT_NOTE,
  RESOLVE_NOTES,
  type TicketTemplate,
} from '#database/demo_tickets'
import { seededRandom } from '#database/seeded_random'

const TICKETS = 300
const DEFLECTIONS = 90
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How many tickets end in each status (15 / 20 / 10 / 35 / 20 %). */
const STATUS_SHARES: [TicketStatus, number][] = [
  ['new', 0.15],
  ['in_progress', 0.2],
  ['pending', 0.1],
  ['resolved', 0.35],
  ['closed', 0.2],
]

/** When tickets in each final status were opened, in days before now. */
const CREATED_DAYS_AGO: Record<TicketStatus, [number, number]> = {
  new: [0.02, 3],
  in_progress: [0.3, 20],
  pending: [0.5, 20],
  resolved: [1, 60],
  closed: [3, 60],
}

/** Seeded draws (chance, int, pick…), so every seeded database looks the same. */
function generator(seed: number) {
  const next = seededRandom(seed)
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    between: (min: number, max: number) => min + next() * (max - min),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    /** An item drawn in proportion to its weight. */
    weighted: <T>(items: readonly T[], weight: (item: T) => number) => {
      let left = next() * items.reduce((sum, item) => sum + weight(item), 0)
      for (const item of items) {
        left -= weight(item)
        if (left < 0) return item
      }
      return items[items.length - 1]
    },
  }
}

interface Agent {
  id: number
  name: string
  role: string
}
type Actor =
  { type: 'agent'; agent: Agent } | { type: 'customer'; name: string | null } | { type: 'system' }

function actorColumns(actor: Actor) {
  return {
    actor_type: actor.type,
    actor_id: actor.type === 'agent' ? actor.agent.id : null,
    actor_name:
      actor.type === 'agent' ? actor.agent.name : actor.type === 'customer' ? actor.name : null,
  }
}

interface MessageRow {
  ticket_id: number
  kind: MessageKind
  author_id: number | null
  author_name: string | null
  body: string
  created_at: Date
}
interface HistoryRow {
  ticket_id: number
  old_status: TicketStatus | null
  new_status: TicketStatus
  actor_type: string
  actor_id: number | null
  actor_name: string | null
  note: string | null
  note_public: boolean
  created_at: Date
}
interface ChangeRow {
  ticket_id: number
  field: string
  old_value: string | null
  new_value: string | null
  actor_type: string
  actor_id: number | null
  actor_name: string | null
  created_at: Date
}

/**
 * One ticket's life, replayed with the rules of the ticket service (automatic status on
 * messages, workflow transitions, resolution and closing times), so the stored columns are
 * what the app would have written.
 */
class TicketLife {
  status: TicketStatus = 'new'
  resolvedAt: Date | null = null
  closedAt: Date | null = null
  firstResponseAt: Date | null = null
  lastMessageAt: Date | null = null
  updatedAt: Date
  assignee: Agent | null = null
  messages: MessageRow[] = []
  history: HistoryRow[] = []
  changes: ChangeRow[] = []

  constructor(
    public id: number,
    public createdAt: Date,
    public priority: TicketPriority,
    public tags: string[],
    opener: Actor
  ) {
    this.updatedAt = createdAt
    this.history.push({
      ticket_id: id,
      old_status: null,
      new_status: 'new',
      ...actorColumns(opener),
      note: null,
      note_public: false,
      created_at: createdAt,
    })
  }

  message(at: Date, kind: MessageKind, author: Actor, body: string, status?: TicketStatus) {
    if (this.status === 'closed' && kind !== 'note') throw new Error('message on a closed ticket')
    const columns = actorColumns(author)
    this.messages.push({
      ticket_id: this.id,
      kind,
      author_id: columns.actor_id,
      author_name: columns.actor_name,
      body,
      created_at: at,
    })
    this.lastMessageAt = at
    this.updatedAt = at
    if (kind === 'reply' && !this.firstResponseAt) this.firstResponseAt = at
    let next: TicketStatus | null = status ?? null
    if (!next && kind === 'customer' && (this.status === 'pending' || this.status === 'resolved')) {
      next = 'in_progress'
    }
    if (!next && kind === 'reply' && this.status === 'new') next = 'in_progress'
    if (next && next !== this.status) {
      const by: Actor = status || kind === 'customer' ? author : { type: 'system' }
      this.changeStatus(at, next, by)
    }
  }

  changeStatus(at: Date, to: TicketStatus, actor: Actor, note?: string, notePublic = false) {
    if (!canTransition(this.status, to)) throw new Error(`${this.status} → ${to} is not allowed`)
    const from = this.status
    this.status = to
    this.updatedAt = at
    if (to === 'resolved') this.resolvedAt = at
    if (to === 'closed') this.closedAt = at
    if (from === 'resolved' && to !== 'closed') this.resolvedAt = null
    this.history.push({
      ticket_id: this.id,
      old_status: from,
      new_status: to,
      ...actorColumns(actor),
      note: note ?? null,
      note_public: Boolean(note && notePublic),
      created_at: at,
    })
  }

  change(at: Date, field: string, oldValue: string | null, newValue: string | null, by: Actor) {
    this.changes.push({
      ticket_id: this.id,
      field,
      old_value: oldValue,
      new_value: newValue,
      ...actorColumns(by),
      created_at: at,
    })
    this.updatedAt = at
  }

  assign(at: Date, agent: Agent, by: Actor) {
    this.change(at, 'assignee', this.assignee?.name ?? null, agent.name, by)
    this.assignee = agent
  }
}

/** A step of a ticket's script: how long after the previous step, and what happens. */
interface Step {
  after: number
  run: (life: TicketLife, at: Date) => void
}

interface Contact {
  first: string
  full: string
  email: string
  company: string
}

/**
 * Demo help desk: about 300 Tasklane tickets over the last 60 days in every status, with
 * conversations, status history, field changes, satisfaction ratings and FAQ deflections.
 * Written with bulk inserts in one transaction; skipped when tickets exist.
 */
export default class SupportSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    const existing = await this.client.from('tickets').select('id').first()
    if (existing) return
    const users = await this.client
      .from('users')
      .whereNull('deactivated_at')
      .whereNotNull('password')
      .orderBy('id')
      .select('id', 'full_name', 'role')
    // The users come from the main seeder (which runs before this one).
    if (!users.length) return
    const agents: Agent[] = users.map((user) => ({
      id: user.id,
      name: user.full_name,
      role: user.role,
    }))
    const faqs: { id: number; question: string }[] = await this.client
      .from('faqs')
      .where('published', true)
      .orderBy('id')
      .select('id', 'question')

    await this.client.transaction(async (trx) => {
      const ids = await trx.rawQuery(
        `SELECT nextval(pg_get_serial_sequence('tickets', 'id'))::int AS id,
                nextval('ticket_number_seq')::int AS number
           FROM generate_series(1, ?)`,
        [TICKETS]
      )
      const allocated = ids.rows as { id: number; number: number }[]
      const ticketIds = allocated.map((row) => row.id).sort((a, b) => a - b)
      const numbers = allocated.map((row) => row.number).sort((a, b) => a - b)
      const demo = new DemoDesk(agents, new Date(Math.floor(Date.now() / 1000) * 1000))
      demo.build(ticketIds, numbers)
      await demo.write(trx, faqs)
    })
  }
}

interface BuiltTicket {
  life: TicketLife
  number: number
  title: string
  description: string
  contact: Contact | null
  contactEmail: string
  source: 'help_center' | 'api' | 'agent'
}

class DemoDesk {
  random = generator(20_251_125)
  contacts: Contact[] = []
  tickets: BuiltTicket[] = []
  csat: { ticket_id: number; rating: number; comment: string | null; created_at: Date }[] = []

  constructor(
    private agents: Agent[],
    private now: Date
  ) {
    // Some customers write more than once: a pool smaller than the number of tickets.
    for (let index = 0; index < 140; index++) {
      const first = this.random.pick(DEMO_FIRST_NAMES)
      const last = this.random.pick(DEMO_LAST_NAMES)
      const company = this.random.pick(DEMO_COMPANIES)
      const local = `${ascii(first)}.${ascii(last)}`
      const domain = this.random.chance(0.8) ? company.domain : 'example.com'
      this.contacts.push({
        first,
        full: `${first} ${last}`,
        email: `${local}${domain === 'example.com' ? index : ''}@${domain}`,
        company: company.name,
      })
    }
  }

  /** Agents take tickets in proportion: agents twice as often as admins. */
  private agent() {
    const weighted = this.agents.flatMap((agent) =>
      agent.role === 'agent' ? [agent, agent] : [agent]
    )
    return this.random.pick(weighted)
  }

  build(ticketIds: number[], numbers: number[]) {
    const statuses: TicketStatus[] = []
    for (const [status, share] of STATUS_SHARES) {
      for (let n = 0; n < Math.round(share * TICKETS); n++) statuses.push(status)
    }
    while (statuses.length < TICKETS) statuses.push('resolved')
    statuses.length = TICKETS

    // Opening times per final status; tickets are then numbered in the order they were opened.
    const plans = statuses.map((status) => {
      const [min, max] = CREATED_DAYS_AGO[status]
      // Squared: more tickets in recent days than long ago, as a growing product has.
      const daysAgo = min + (max - min) * this.random.next() ** 1.4
      const createdAt = new Date(this.now.getTime() - Math.round(daysAgo * DAY))
      return { status, createdAt }
    })
    plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())

    for (const [index, plan] of plans.entries()) {
      this.tickets.push(this.ticket(ticketIds[index], numbers[index], plan.status, plan.createdAt))
    }
  }

  private ticket(id: number, number: number, target: TicketStatus, createdAt: Date): BuiltTicket {
    const random = this.random
    const template = random.weighted(DEMO_TICKET_TEMPLATES, (item) => item.weight ?? 1)
    const contact = random.chance(0.04) ? null : random.pick(this.contacts)
    const contactEmail = contact?.email ?? `user${number}@example.com`
    const source = random.chance(0.75) ? 'help_center' : random.chance(0.5) ? 'api' : 'agent'
    const agent = this.agent()
    const vars = new Map<string, string>()
    const earlier = this.tickets.length ? this.tickets : null
    const fill = (text: string) =>
      text.replace(/\{(\w+)\}/g, (whole, key: string) => {
        if (key === 'name') return contact?.first ?? 'there'
        if (key === 'fullName') return contact?.full ?? ''
        if (key === 'company') return contact?.company ?? 'your company'
        if (key === 'agent') return agent.name.split(' ')[0]
        if (key === 'ref') return String(earlier ? random.pick(earlier).number : number - 1)
        const values = DEMO_TICKET_VARIABLES[key]
        if (!values) return whole
        if (!vars.has(key)) vars.set(key, random.pick(values))
        return vars.get(key)!
      })

    const title = fill(random.pick(template.titles)).slice(0, 200)
    const greeting = source === 'api' ? '' : random.pick(DEMO_GREETINGS)
    const signOff = source === 'api' || !contact ? '' : random.pick(DEMO_SIGN_OFFS)
    const description = [greeting, fill(random.pick(template.descriptions)), fill(signOff)]
      .filter(Boolean)
      .join('\n\n')
    const tags = template.tags.filter((_tag, index) => index === 0 || random.chance(0.7))
    const priority = random.pick(template.priorities)
    const customer: Actor = { type: 'customer', name: contact?.full ?? null }
    const agentActor: Actor = { type: 'agent', agent }
    const opener: Actor =
      source === 'help_center' ? customer : source === 'agent' ? agentActor : { type: 'system' }

    const life = new TicketLife(id, createdAt, priority, tags, opener)
    const steps = this.script(target, template, fill, agent, customer, source === 'agent')
    this.play(life, steps, target)

    if (life.resolvedAt && random.chance(0.64)) this.rate(life, agent)
    return { life, number, title, description, contact, contactEmail, source }
  }

  /** What happens to a ticket until it reaches its final status. */
  private script(
    target: TicketStatus,
    template: TicketTemplate,
    fill: (text: string) => string,
    agent: Agent,
    customer: Actor,
    openedByAgent: boolean
  ): Step[] {
    const random = this.random
    const steps: Step[] = []
    const me: Actor = { type: 'agent', agent }
    const minutes = (min: number, max: number) => random.between(min, max) * MINUTE
    const hours = (min: number, max: number) => random.between(min, max) * HOUR
    const firstName = customer.type === 'customer' ? customer.name?.split(' ')[0] : null
    const reply = (body: string) =>
      `Hi ${firstName ?? 'there'},\n\n${fill(body)}\n\nBest,\n${agent.name.split(' ')[0]}\nTasklane Support`
    const say = (body: string) => fill(body)
    const fromList = (own: string[] | undefined, generic: string[]) =>
      own?.length && random.chance(0.6) ? random.pick(own) : random.pick(generic)

    // Assignment: most worked tickets are taken by someone; half of the new ones wait.
    const assigned = target === 'new' ? random.chance(0.45) : random.chance(0.94)
    if (assigned || openedByAgent) {
      const admin = this.agents.find((candidate) => candidate.role === 'admin')
      const by: Actor =
        admin && admin.id !== agent.id && random.chance(0.4) ? { type: 'agent', agent: admin } : me
      steps.push({
        after: openedByAgent ? minutes(0.2, 1) : minutes(5, 240),
        run: (life, at) => life.assign(at, agent, by),
      })
    }
    // Now and then a priority or tag change by the agent.
    if (target !== 'new' && random.chance(0.12)) {
      steps.push({
        after: minutes(10, 300),
        run: (life, at) => {
          const to: TicketPriority = life.priority === 'urgent' ? 'high' : 'urgent'
          life.change(at, 'priority', PRIORITY_LABELS[life.priority], PRIORITY_LABELS[to], me)
          life.priority = to
        },
      })
    }
    if (target !== 'new' && random.chance(0.1)) {
      steps.push({
        after: minutes(10, 300),
        run: (life, at) => {
          const extra = random.pick(['escalated', 'vip', 'needs-engineering'])
          if (life.tags.includes(extra)) return
          const before = life.tags.join(', ')
          life.tags = [...life.tags, extra]
          life.change(at, 'tags', before, life.tags.join(', '), me)
        },
      })
    }
    const note = () =>
      steps.push({
        after: minutes(5, 240),
        run: (life, at) => life.message(at, 'note', me, say(fromList(template.notes, AGENT_NOTES))),
      })
    const followUp = () =>
      steps.push({
        after: hours(1, 40),
        run: (life, at) =>
          life.message(
            at,
            'customer',
            customer,
            say(fromList(template.followUps, CUSTOMER_FOLLOW_UPS))
          ),
      })
    // The customer answers the question last asked: its own answer, or a generic one.
    let answerToQuestion: string | null = null
    const question = () => {
      const own =
        template.questions?.length && random.chance(0.6) ? random.pick(template.questions) : null
      answerToQuestion = own?.answer ?? null
      return own?.ask ?? random.pick(AGENT_QUESTIONS)
    }
    const firstReply = (status?: TicketStatus) =>
      steps.push({
        after: hours(0.2, 18),
        run: (life, at) => {
          const body = status === 'pending' ? question() : random.pick(template.replies)
          life.message(at, 'reply', me, reply(body), status)
        },
      })
    /** An agent reply: to the customer's last message, or a progress update. */
    const update = (answering: boolean) =>
      steps.push({
        after: hours(0.3, 24),
        run: (life, at) => {
          const body = random.pick(answering ? AGENT_UPDATES : AGENT_PROGRESS)
          life.message(at, 'reply', me, reply(body))
        },
      })
    const ask = () =>
      steps.push({
        after: hours(0.3, 24),
        run: (life, at) => life.message(at, 'reply', me, reply(question()), 'pending'),
      })
    const answer = () =>
      steps.push({
        after: hours(1, 48),
        run: (life, at) => {
          const body = answerToQuestion ?? random.pick(CUSTOMER_ANSWERS)
          life.message(at, 'customer', customer, say(body))
        },
      })
    const resolve = () =>
      steps.push({
        after: hours(0.5, 48),
        run: (life, at) => {
          life.message(at, 'reply', me, reply(random.pick(template.resolutions)), 'resolved')
          if (random.chance(0.15)) {
            // The public note of the status change, shown to the customer.
            life.history.at(-1)!.note = say(random.pick(RESOLVE_NOTES))
            life.history.at(-1)!.note_public = true
          }
        },
      })
    const reopenAndResolve = () => {
      steps.push({
        after: hours(2, 60),
        run: (life, at) =>
          life.message(at, 'customer', customer, say(random.pick(CUSTOMER_REOPENS))),
      })
      steps.push({
        after: hours(0.5, 20),
        run: (life, at) =>
          life.message(at, 'reply', me, reply(random.pick(AGENT_RECHECKS)), 'resolved'),
      })
    }
    /** Work on a ticket until it is In progress, with a few exchanges. */
    const work = (rounds: number) => {
      firstReply()
      for (let round = 0; round < rounds; round++) {
        const kind = random.next()
        if (kind < 0.35) {
          followUp()
          update(true)
        } else if (kind < 0.7) {
          ask()
          answer()
          if (random.chance(0.5)) update(true)
        } else {
          note()
          update(false)
        }
      }
    }

    switch (target) {
      case 'new':
        if (random.chance(0.3)) followUp()
        if (assigned && random.chance(0.25)) note()
        break
      case 'in_progress':
        if (random.chance(0.2)) note()
        work(random.int(0, 2))
        // Some wait for the agent: the customer wrote last.
        if (random.chance(0.35)) followUp()
        break
      case 'pending':
        if (random.chance(0.3)) firstReply('pending')
        else {
          work(random.int(0, 1))
          ask()
        }
        break
      case 'resolved':
      case 'closed': {
        const kind = random.next()
        if (target === 'closed' && kind < 0.12) {
          // Duplicates and spam: closed without an answer.
          steps.push({
            after: minutes(10, 600),
            run: (life, at) => life.changeStatus(at, 'closed', me, say(random.pick(CLOSE_NOTES))),
          })
          break
        }
        if (target === 'closed' && kind < 0.24) {
          // Waiting for the customer, who never answered.
          work(random.int(0, 1))
          ask()
          steps.push({
            after: 7 * DAY,
            run: (life, at) =>
              life.changeStatus(at, 'closed', { type: 'system' }, PENDING_TIMEOUT_NOTE),
          })
          break
        }
        if (random.chance(0.08)) {
          // Answered and solved in one reply.
          firstReply('resolved')
        } else {
          if (random.chance(0.25)) note()
          work(random.int(0, 2))
          resolve()
        }
        if (random.chance(0.15)) reopenAndResolve()
        if (target === 'closed') {
          steps.push(
            random.chance(0.7)
              ? {
                  after: 7 * DAY,
                  run: (life, at) =>
                    life.changeStatus(at, 'closed', { type: 'system' }, AUTO_CLOSE_NOTE),
                }
              : { after: hours(1, 72), run: (life, at) => life.changeStatus(at, 'closed', me) }
          )
        }
        break
      }
    }
    return steps
  }

  /** Runs the steps, compressed if needed so that the last one is before now. */
  private play(life: TicketLife, steps: Step[], target: TicketStatus) {
    const total = steps.reduce((sum, step) => sum + step.after, 0)
    const margin = this.random.between(3, 90) * MINUTE
    const available = this.now.getTime() - margin - life.createdAt.getTime()
    const scale = total > available ? Math.max(available, 0) / total : 1
    let at = life.createdAt.getTime()
    for (const step of steps) {
      at += Math.max(1000, Math.round(step.after * scale))
      step.run(life, new Date(Math.min(at, this.now.getTime())))
    }
    if (life.status !== target)
      throw new Error(`ticket ${life.id} ended ${life.status}, not ${target}`)
  }

  private rate(life: TicketLife, agent: Agent) {
    const random = this.random
    const roll = random.next()
    const rating = roll < 0.56 ? 5 : roll < 0.81 ? 4 : roll < 0.9 ? 3 : roll < 0.95 ? 2 : 1
    const mood = rating >= 4 ? 'good' : rating === 3 ? 'neutral' : 'bad'
    const comment = random.chance(rating >= 4 ? 0.35 : 0.8)
      ? random.pick(CSAT_COMMENTS[mood]).replace('{agent}', agent.name.split(' ')[0])
      : null
    const after = life.resolvedAt!.getTime() + random.between(10, 48 * 60) * MINUTE
    const createdAt = new Date(Math.min(after, this.now.getTime() - MINUTE))
    if (createdAt <= life.resolvedAt!) return
    this.csat.push({ ticket_id: life.id, rating, comment, created_at: createdAt })
  }

  async write(trx: TransactionClientContract, faqs: { id: number; question: string }[]) {
    for (let offset = 0; offset < this.tickets.length; offset += 100) {
      await this.insertTickets(trx, this.tickets.slice(offset, offset + 100))
    }
    // Rows in time order, so ids follow the conversation as the app would write them.
    const byTime = <T extends { created_at: Date }>(rows: T[]) =>
      rows
        .map((row, index) => ({ row, index }))
        .sort(
          (a, b) => a.row.created_at.getTime() - b.row.created_at.getTime() || a.index - b.index
        )
        .map(({ row }) => row)
    const lives = this.tickets.map((ticket) => ticket.life)
    await insertAll(trx, 'ticket_messages', byTime(lives.flatMap((life) => life.messages)))
    await insertAll(trx, 'ticket_status_history', byTime(lives.flatMap((life) => life.history)))
    await insertAll(trx, 'ticket_changes', byTime(lives.flatMap((life) => life.changes)))
    await insertAll(trx, 'csat_responses', byTime(this.csat))
    if (faqs.length) await insertAll(trx, 'ticket_deflections', this.deflections(faqs))
  }

  /**
   * Tickets with their derived columns. messages_vector is built like the service builds
   * it, one weighted vector per message appended in order (C for customer and reply, D for
   * notes), so search ranks seeded tickets the same as real ones.
   */
  private async insertTickets(trx: TransactionClientContract, tickets: BuiltTicket[]) {
    const rows: string[] = []
    const bindings: (string | number | Date | null)[] = []
    for (const ticket of tickets) {
      const life = ticket.life
      const vector = life.messages.length
        ? life.messages
            .map((message) => `setweight(to_tsvector('english', ?), '${weightOf(message.kind)}')`)
            .join(' || ')
        : 'NULL'
      rows.push(
        `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?::timestamptz, ?::timestamptz,
          ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ${vector})`
      )
      bindings.push(
        life.id,
        ticket.number,
        ticket.title,
        ticket.description,
        life.priority,
        life.status,
        ticket.contactEmail,
        ticket.contact?.full ?? null,
        life.assignee?.id ?? null,
        `{${life.tags.join(',')}}`,
        ticket.source,
        life.messages.length,
        life.lastMessageAt,
        life.firstResponseAt,
        life.resolvedAt,
        life.closedAt,
        life.createdAt,
        life.updatedAt,
        ...life.messages.map((message) => message.body)
      )
    }
    await trx.rawQuery(
      `INSERT INTO tickets (id, number, title, description, priority, status, contact_email,
         contact_name, assignee_id, tags, source, message_count, last_message_at,
         first_response_at, resolved_at, closed_at, created_at, updated_at, messages_vector)
       VALUES ${rows.join(',\n')}`,
      // null binds as SQL NULL; the binding type just does not list it.
      bindings as RawQueryBindings
    )
  }

  /** "This answered my question" clicks over the same 60 days, worded like searches. */
  private deflections(faqs: { id: number; question: string }[]) {
    const random = this.random
    const rows = []
    for (let index = 0; index < DEFLECTIONS; index++) {
      // The first articles (general, account) are read the most.
      const faq = faqs[Math.floor(random.next() ** 1.6 * faqs.length)]
      // The question as asked, or a few of its words, as people type into a search box.
      let query = faq.question.toLowerCase().replace(/[?.]$/, '')
      const words = query
        .replace(/[,.?]/g, '')
        .split(' ')
        .filter((word) => !SEARCH_STOP_WORDS.has(word))
        .slice(0, random.int(2, 4))
      if (words.length >= 2 && random.chance(0.5)) query = words.join(' ')
      rows.push({
        faq_id: faq.id,
        query,
        visitor_id: random.chance(0.85) ? `demo-visitor-${random.int(1, 400)}` : null,
        created_at: new Date(this.now.getTime() - random.between(0.01, 60) * DAY),
      })
    }
    return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
  }
}

/** Search weight of a message: C for the conversation, D for internal notes. */
function weightOf(kind: MessageKind) {
  return kind === 'note' ? 'D' : 'C'
}

async function insertAll(trx: TransactionClientContract, table: string, rows: object[]) {
  for (let offset = 0; offset < rows.length; offset += 500) {
    await trx.table(table).multiInsert(rows.slice(offset, offset + 500))
  }
}

/** The name as an email address part: "Zoë O'Brien" → "zoe", "obrien". */
function ascii(name: string) {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()
}
