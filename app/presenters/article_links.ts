import string from '@adonisjs/core/helpers/string'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { publicUrl } from '#services/platform'

/** The readable part of an article's address (`/help/articles/12/how-do-i-export`). */
export function articleSlug(question: string) {
  return string.slug(question, { lower: true, strict: true }).slice(0, 80)
}

/** An article's public address, as a customer's mail or reply links to it. */
export function articlePublicUrl(article: { id: number; question: string }) {
  return `${publicUrl()}${urlFor('help.article', { id: article.id, slug: articleSlug(article.question) })}`
}
