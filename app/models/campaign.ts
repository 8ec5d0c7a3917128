import { CampaignSchema } from '#database/schema'
import { hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import CampaignVariant from '#models/campaign_variant'
import { jsonColumn } from '#models/json_column'

/** SMS quiet hours, "HH:MM" in each contact's own time zone (start may be after end). */
export interface QuietHours {
  start: string
  end: string
}

/** How the winner was decided: by the significance test, or by a person with a reason. */
export interface WinnerDecision {
  automatic: boolean
  manualOverride: boolean
  confidenceLevel: number | null
  pValue: number | null
  overrideReason: string | null
  decidedBy: string | null
  decidedAt: string
}

export default class Campaign extends CampaignSchema {
  @jsonColumn()
  declare quietHours: QuietHours | null

  @jsonColumn()
  declare winner: WinnerDecision | null

  @hasMany(() => CampaignVariant, { onQuery: (query) => query.orderBy('position') })
  declare variants: HasMany<typeof CampaignVariant>
}
