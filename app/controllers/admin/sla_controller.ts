import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import {
  businessCalendar,
  PRIORITY_LABELS,
  saveSlaSettings,
  slaPolicies,
  TICKET_PRIORITIES,
  type SlaPolicy,
  type Weekday,
} from '#services/support'
import { SLA_TIME_ZONES, slaSettingsValidator, WEEKDAY_KEYS } from '#validators/sla'

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const toHours = (minutes: number | null) => (minutes === null ? '' : String(minutes / 60))
const toMinutes = (hours?: number | null) => (hours ? Math.round(hours * 60) : null)

/** Admins: SLA policies by priority and the business-hours calendar they are measured in. */
export default class SlaController {
  async show({ view }: HttpContext) {
    const [policies, calendar] = await Promise.all([slaPolicies(), businessCalendar()])
    return view.render('pages/admin/sla', {
      priorities: [...TICKET_PRIORITIES].reverse(),
      priorityLabels: PRIORITY_LABELS,
      policies: Object.fromEntries(
        Object.values(policies).map((p) => [
          p.priority,
          {
            ...p,
            firstResponse: toHours(p.firstResponseMinutes),
            nextResponse: toHours(p.nextResponseMinutes),
            resolution: toHours(p.resolutionMinutes),
          },
        ])
      ),
      calendar,
      weekdays: WEEKDAY_NAMES.map((name, index) => ({
        name,
        day: index + 1,
        key: WEEKDAY_KEYS[index],
      })),
      timeZones: SLA_TIME_ZONES,
    })
  }

  async update(ctx: HttpContext) {
    const input = await slaSettingsValidator.validate(ctx.request.all())
    const week: Record<string, { start: string; end: string }> = {}
    for (const [index, key] of WEEKDAY_KEYS.entries()) {
      const hours = input.week[key]
      if (!hours?.open) continue
      if (hours.end <= hours.start) {
        throw new vineErrors.E_VALIDATION_ERROR([
          { field: `week.${key}.end`, rule: 'after', message: 'Closing must be after opening' },
        ])
      }
      week[index + 1] = { start: hours.start, end: hours.end }
    }
    const policies: SlaPolicy[] = TICKET_PRIORITIES.map((priority) => {
      const fields = input.policies[priority]
      return {
        priority,
        firstResponseMinutes: toMinutes(fields.first_response)!,
        nextResponseMinutes: toMinutes(fields.next_response),
        resolutionMinutes: toMinutes(fields.resolution),
        businessHours: Boolean(fields.business_hours),
        pauseWhenPending: Boolean(fields.pause_when_pending),
      }
    })
    await saveSlaSettings(policies, {
      timeZone: input.time_zone,
      week: week as Partial<Record<Weekday, { start: string; end: string }>>,
      holidays: input.holidays?.split(/\s+/).filter(Boolean) ?? [],
    })
    ctx.session.flash('success', 'SLA policies saved. Open tickets follow them from now on.')
    return ctx.response.redirect().toRoute('admin.sla.show')
  }
}
