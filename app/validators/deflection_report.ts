import vine from '@vinejs/vine'
import { DEFLECTION_PERIODS } from '#presenters/deflection_report'

/** The Deflection report's period (days); an unknown one shows the default and says so. */
export const deflectionReportValidator = vine.create({
  days: vine
    .number()
    .in([...DEFLECTION_PERIODS])
    .optional(),
})
