import { urlFor } from '@adonisjs/core/services/url_builder'
import string from '@adonisjs/core/helpers/string'
import type Faq from '#models/faq'
import type { FaqHit } from '#services/knowledge'

/** The help-center address of an article (a readable slug after the id). */
export function articlePath(faq: { id: number; question: string }) {
  return urlFor('help.article', {
    id: faq.id,
    slug: string.slug(faq.question, { lower: true, strict: true }).slice(0, 80),
  })
}

/**
 * An article in the JSON API. Field names follow the support project document
 * (`question`, `answer`, `category`, `created_at`); `answer` is the Markdown source and
 * `answer_html` its sanitized rendering.
 */
export function faqJson(faq: Faq) {
  return {
    id: faq.id,
    question: faq.question,
    answer: faq.answer,
    answer_html: faq.answerHtml,
    category: faq.category.slug,
    category_name: faq.category.name,
    published: faq.published,
    position: faq.position,
    views: faq.views,
    helpful_count: faq.helpfulCount,
    not_helpful_count: faq.notHelpfulCount,
    url: articlePath(faq),
    created_by: faq.createdBy,
    updated_by: faq.updatedBy,
    published_at: faq.publishedAt?.toISO() ?? null,
    created_at: faq.createdAt.toISO(),
    updated_at: faq.updatedAt.toISO(),
  }
}

/** A search hit adds the question and a passage of the answer with the matches marked. */
export function faqSearchJson(faq: Faq, hit: FaqHit) {
  return { ...faqJson(faq), question_html: hit.questionHtml, snippet_html: hit.snippetHtml }
}
