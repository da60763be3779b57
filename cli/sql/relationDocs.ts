import { loadModels } from '../../analytics/buildModels.ts';
import { modelDocs } from '../../analytics/sql/modelDocs.ts';
import { ingestTableDocs } from '../../analytics/sql/ingestTableDocs.ts';
import type { SchemaDoc } from '../../analytics/schemaReference.ts';
import { resultColumns } from '../../rules/resultColumns.ts';

/**
 * Everything the schema reference knows about the database's relations, from the three places
 * that create them: ingest (raw tables, dead letters), the model headers (stg_, mart_, v_) and
 * the rules' result tables (rules/resultColumns.ts). Assembled here, in the CLI, because only
 * the CLI may import from every stage.
 */
export function relationDocs(): Record<string, SchemaDoc> {
  return { ...modelDocs(loadModels()), ...resultColumns, ...ingestTableDocs() };
}
