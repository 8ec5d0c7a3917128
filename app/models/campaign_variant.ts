import { CampaignVariantSchema } from '#database/schema'

export default class CampaignVariant extends CampaignVariantSchema {}
