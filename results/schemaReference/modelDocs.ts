import type { Model } from '../../analytics/parseModel.ts';
import type { RelationDoc } from './RelationDoc.ts';

/** A model's documentation with the invariants and build conditions its header declares. */
export interface ModelDoc extends RelationDoc {
  kind: 'model';
  checks: string[];
  requires: string[];
}

/**
 * The schema-reference entry of each model, from its header: grain, description, the
 * `-- column:` lines, the invariants buildModels checks and the relations it `-- requires:`.
 *
 * @example
 * modelDocs(loadModels()).v_bids.columns.price; // '投标报价, yuan'
 */
export function modelDocs(models: Model[]): Record<string, ModelDoc> {
  const docs: Record<string, ModelDoc> = {};
  for (const model of models) {
    const checks: string[] = [];
    if (model.unique.length > 0) checks.push(`unique (${model.unique.join(', ')})`);
    if (model.notNull.length > 0) checks.push(`not null (${model.notNull.join(', ')})`);
    for (const rel of model.relationships) checks.push(`${rel.column} → ${rel.toModel}.${rel.toColumn}`);
    docs[model.name] = {
      kind: 'model',
      source: model.file,
      grain: model.grain,
      description: model.description,
      columns: Object.fromEntries(model.columns.map((c) => [c.name, c.description])),
      checks,
      requires: model.requires,
    };
  }
  return docs;
}
