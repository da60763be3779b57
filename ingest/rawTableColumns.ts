import type { z } from 'zod';
import { recordTypes, type RecordType } from '../db/recordSchemas.ts';

/** How a contract field is stored in its raw table: scalars typed, nested values as JSON. */
export type RawColumnKind = 'string' | 'number' | 'integer' | 'json';

export interface RawColumn {
  name: string;
  kind: RawColumnKind;
  sqlType: 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'JSON';
}

const sqlTypeOf: Record<RawColumnKind, RawColumn['sqlType']> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  json: 'JSON',
};

/** Unwraps optional/nullable/pipe wrappers down to the field's own zod type. */
function kindOf(schema: z.ZodType): RawColumnKind {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; checks?: { _zod: { def: { check: string; format?: string } } }[] } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return kindOf(def.innerType!);
    case 'pipe':
      return kindOf(def.in!);
    case 'string':
    case 'enum':
      return 'string';
    case 'number': {
      const isInteger = (def.checks ?? []).some((c) => c._zod.def.check === 'number_format' && c._zod.def.format?.includes('int'));
      return isInteger ? 'integer' : 'number';
    }
    default:
      return 'json';
  }
}

function columnsOf(type: RecordType): RawColumn[] {
  const schema = recordTypes[type].schema as unknown as { shape?: Record<string, z.ZodType>; _zod: { def: { in?: { shape: Record<string, z.ZodType> } } } };
  // Refined objects (superRefine) keep their shape on the object schema itself in zod 4.
  const shape = schema.shape ?? schema._zod.def.in?.shape;
  if (!shape) throw new Error(`record schema ${type} has no object shape`);
  return Object.entries(shape).map(([name, field]) => {
    const kind = kindOf(field);
    return { name, kind, sqlType: sqlTypeOf[kind] };
  });
}

/**
 * The contract fields of each record type as raw-table columns, derived from the zod schemas
 * so the contract has one source. Raw tables add `_updated_at`, `_extra`, `_source`, `_loaded_at`.
 */
export const rawTableColumns: Record<RecordType, RawColumn[]> = Object.fromEntries(
  (Object.keys(recordTypes) as RecordType[]).map((type) => [type, columnsOf(type)]),
) as Record<RecordType, RawColumn[]>;

/** `raw_bids` etc.: one row per record id, the latest version by `updated_at`. */
export function rawTableName(type: RecordType): string {
  return `raw_${type}`;
}
