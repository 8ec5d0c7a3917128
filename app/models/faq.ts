import { FaqSchema } from '#database/schema'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import FaqCategory from '#models/faq_category'
import User from '#models/user'

export default class Faq extends FaqSchema {
  @belongsTo(() => FaqCategory, { foreignKey: 'categoryId' })
  declare category: BelongsTo<typeof FaqCategory>

  @belongsTo(() => User, { foreignKey: 'createdBy' })
  declare author: BelongsTo<typeof User>

  @belongsTo(() => User, { foreignKey: 'updatedBy' })
  declare editor: BelongsTo<typeof User>
}
