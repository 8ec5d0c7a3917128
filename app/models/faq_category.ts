import { FaqCategorySchema } from '#database/schema'
import { hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import Faq from '#models/faq'

export default class FaqCategory extends FaqCategorySchema {
  static table = 'faq_categories'

  @hasMany(() => Faq, { foreignKey: 'categoryId' })
  declare faqs: HasMany<typeof Faq>
}
