/**
 * What a table or view means, for the schema reference (docs/schema.md): its grain, what it is
 * for and what each column means. Models say this in their header; tables created in code
 * (raw tables, the scan's result tables) declare it in a `RelationDoc` next to their DDL.
 */
export interface RelationDoc {
  grain: string;
  description: string;
  /** column name → meaning. A column missing here is listed with its type and marked undocumented. */
  columns: Record<string, string>;
  /** The file that creates the relation, relative to the repository root. */
  source: string;
}
