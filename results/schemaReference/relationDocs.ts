import { loadModels } from '../../analytics/buildModels.ts';
import { loadResultModels } from '../buildResultViews.ts';
import { resultColumns } from '../resultColumns.ts';
import type { SchemaDoc } from './schemaReference.ts';
import { ingestTableDocs } from './ingestTableDocs.ts';
import { modelDocs } from './modelDocs.ts';

/**
 * Everything the schema reference knows about the database's relations, from the three places
 * that create them: ingest (raw tables, dead letters), the model headers (stg_, mart_, v_) and
 * the scan's result tables (resultColumns.ts, describing what ensureResultTables creates).
 */
export function relationDocs(): Record<string, SchemaDoc> {
  return { ...modelDocs([...loadModels(), ...loadResultModels()]), ...resultColumns, ...ingestTableDocs() };
}
