/**
 * SQL builders for your own tables: crmkit's RFM summary, NPS counts and cohort retention computed
 * where the data lives — PostgreSQL (and the engines that speak its SQL) or DuckDB — as one
 * parameterised statement `{ text, params }` for any `query(text, params)`, and readers that turn the
 * rows into exactly what the in-memory functions of crmkit/clv and crmkit/metrics give. Table and
 * column names are checked and quoted; values are always parameters. See docs/sql.md.
 *
 * @module crmkit/sql
 */
export type { SqlDialect, SqlStatement, SqlRow } from './statement.js';
export { rfmSummarySql, type RfmSummarySqlOptions } from './rfmSummarySql.js';
export { rfmSummaryFromSql } from './rfmSummaryFromSql.js';
export { npsCountsSql, type NpsCountsSqlOptions } from './npsCountsSql.js';
export { npsCountsFromSql } from './npsCountsFromSql.js';
export { cohortRetentionSql, type CohortRetentionSqlOptions } from './cohortRetentionSql.js';
export { cohortRetentionFromSql } from './cohortRetentionFromSql.js';
