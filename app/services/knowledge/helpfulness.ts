/**
 * How confidently readers find an article helpful (or not): the lower bound of the 95 %
 * Wilson score interval for the share of such votes. 9 helpful votes of 10 rank above 1
 * of 1, because one vote says little; an article without votes scores 0.
 */
const Z = 1.959964

/** The Wilson lower bound for `hits` of `hits + misses`, as SQL over two integer columns. */
export function wilsonLowerBoundSql(hits: string, misses: string) {
  const n = `(${hits} + ${misses})`
  const p = `(${hits}::float8 / ${n})`
  return `(CASE WHEN ${n} = 0 THEN 0 ELSE
    (${p} + ${Z * Z} / (2 * ${n}) - ${Z} * sqrt((${p} * (1 - ${p}) + ${Z * Z} / (4 * ${n})) / ${n}))
    / (1 + ${Z * Z} / ${n}) END)`
}

/** Confidence that an article helps: orders "most helpful". */
export const HELPFULNESS_SQL = wilsonLowerBoundSql('f.helpful_count', 'f.not_helpful_count')

/** Confidence that an article does not help: orders "least helpful". */
export const UNHELPFULNESS_SQL = wilsonLowerBoundSql('f.not_helpful_count', 'f.helpful_count')
