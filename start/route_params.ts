/*
|--------------------------------------------------------------------------
| Route parameters
|--------------------------------------------------------------------------
|
| What a path parameter may look like. A value that cannot name a row matches
| no route (a 404) instead of reaching the database.
|
*/
import { RECORD_ID } from '#services/platform'

export { RECORD_ID }

/** Experiments are addressed by id or by key (docs/api.md). */
export const EXPERIMENT_REF = new RegExp(`${RECORD_ID.source}|^[A-Za-z0-9][\\w-]{0,63}$`)

/** A help-center category slug as the knowledge base writes it (faq_categories.slug). */
export const CATEGORY_SLUG = /^(?=.{1,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Feature flags are addressed by id or by key (app/validators/feature_flag.ts). */
export const FLAG_REF = new RegExp(`${RECORD_ID.source}|^(?!\\d+$)[A-Za-z0-9][\\w.-]{1,99}$`)
