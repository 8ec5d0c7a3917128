/**
 * Knowledge base: articles (FAQs) in categories, their Markdown rendering, ranked
 * full-text search (synonyms, best-matching words, typo tolerance) and its cache, the
 * admins' synonym list, the public help center's votes and views, the search log and the
 * reports built on it. Tables: faq_categories, faqs, faq_votes, faq_searches, faq_synonyms.
 */
export {
  categoriesWithCounts,
  deleteCategory,
  findCategoryBySlug,
  findCategoryOrFail as getCategory,
  saveCategory,
  type CategoryWithCounts,
} from '#services/knowledge/category_service'
export {
  countView,
  createFaq,
  deleteFaq,
  faqsByIds,
  findArticleForReaders as getPublishedFaq,
  findFaqOrFail as getFaq,
  setPublished,
  updateFaq,
  type FaqInput,
} from '#services/knowledge/faq_service'
export {
  publicSearch,
  relatedFaqs,
  searchFaqs,
  suggestFaqs,
  type FaqHit,
  type FaqSearchResult,
} from '#services/knowledge/faq_search'
export { renderMarkdown as renderAnswer } from '#services/platform'
export { knowledgeReport, type KnowledgeReport } from '#services/knowledge/reports'
export { forgetPublicResults, PG_KNOWLEDGE_CHANNEL } from '#services/knowledge/search_cache'
export { logSearch } from '#services/knowledge/search_log'
export {
  listSynonyms,
  MAX_GROUP_TERMS,
  MAX_SYNONYM_GROUPS,
  MAX_TERM_LENGTH,
  saveSynonyms,
} from '#services/knowledge/synonyms'
export { recordVote, visitorVote } from '#services/knowledge/votes'
