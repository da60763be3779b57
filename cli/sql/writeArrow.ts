import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBListValue, DuckDBArrayValue, DuckDBStructValue,
  DuckDBTimestampTZValue, DuckDBTimestampValue, DuckDBTimeValue, DuckDBTypeId,
  type DuckDBResult, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import {
  Binary, Bool, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, List, Null, RecordBatch, RecordBatchStreamWriter,
  Schema, Struct, TimeMicrosecond, Timestamp, TimeUnit, Uint16, Uint32, Uint64, Uint8, Utf8, makeData, vectorFromArray,
  type Data, type DataType,
} from 'apache-arrow';
import { SqlError } from './SqlError.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Writes a query result as an Arrow IPC stream (one record batch per DuckDB chunk), for pandas,
 * polars, R arrow or DuckDB itself. Types map to their Arrow twins: integers keep their width
 * (HUGEINT — e.g. `sum()` of integers — becomes Int64 and fails loudly if a value does not fit),
 * DECIMAL becomes Float64, DATE DateDay, TIMESTAMP Timestamp(µs) and TIMESTAMPTZ Timestamp(µs,
 * Asia/Shanghai), LIST List and STRUCT Struct; other types (UUID, INTERVAL, ENUM, MAP …) become
 * their text. Top-level timestamps keep microseconds; nested ones are cut to milliseconds (the
 * Arrow JS builders take milliseconds).
 *
 * @returns rows written
 * @example
 * const rows = await writeArrow(result, createWriteStream('bids.arrow'));
 */
export async function writeArrow(result: DuckDBResult, out: Writable): Promise<number> {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  const arrowTypes = types.map(arrowType);
  const schema = new Schema(names.map((name, i) => new Field(name, arrowTypes[i]!, true)));
  const writer = new RecordBatchStreamWriter();
  const stream = writer.toNodeStream();
  stream.pipe(out, { end: false });
  let rows = 0;
  try {
    writer.reset(undefined, schema);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const children = names.map((_, c) => columnData(chunk.getColumnValues(c), types[c]!, arrowTypes[c]!));
      const data = makeData({ type: new Struct(schema.fields), length: chunk.rowCount, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      rows += chunk.rowCount;
    }
  } finally {
    writer.finish();
    await finished(stream);
  }
  return rows;
}

function arrowType(type: DuckDBType): DataType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return new Bool();
    case DuckDBTypeId.TINYINT: return new Int8();
    case DuckDBTypeId.SMALLINT: return new Int16();
    case DuckDBTypeId.INTEGER: return new Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT: return new Int64();
    case DuckDBTypeId.UTINYINT: return new Uint8();
    case DuckDBTypeId.USMALLINT: return new Uint16();
    case DuckDBTypeId.UINTEGER: return new Uint32();
    case DuckDBTypeId.UBIGINT: return new Uint64();
    case DuckDBTypeId.FLOAT: return new Float32();
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL: return new Float64();
    case DuckDBTypeId.DATE: return new DateDay();
    case DuckDBTypeId.TIMESTAMP: return new Timestamp(TimeUnit.MICROSECOND);
    case DuckDBTypeId.TIMESTAMP_TZ: return new Timestamp(TimeUnit.MICROSECOND, 'Asia/Shanghai');
    case DuckDBTypeId.TIME: return new TimeMicrosecond();
    case DuckDBTypeId.BLOB: return new Binary();
    case DuckDBTypeId.SQLNULL: return new Null();
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: return new List(new Field('item', arrowType(type.valueType), true));
    case DuckDBTypeId.STRUCT: return new Struct(type.entryNames.map((name, i) => new Field(name, arrowType(type.entryTypes[i]!), true)));
    default: return new Utf8();
  }
}

/** One column of one chunk as Arrow data. */
function columnData(values: DuckDBValue[], type: DuckDBType, target: DataType): Data {
  const micros = type.typeId === DuckDBTypeId.TIMESTAMP || type.typeId === DuckDBTypeId.TIMESTAMP_TZ;
  if (micros || type.typeId === DuckDBTypeId.TIME) {
    // Built by hand: the Arrow JS builders take milliseconds and would drop the microseconds.
    const data = new BigInt64Array(values.length);
    const validity = new Uint8Array(Math.ceil(values.length / 8));
    let nullCount = 0;
    values.forEach((value, i) => {
      if (value === null) { nullCount += 1; return; }
      data[i] = (value as DuckDBTimestampValue | DuckDBTimestampTZValue | DuckDBTimeValue).micros;
      validity[i >> 3]! |= 1 << (i & 7);
    });
    return makeData({ type: target as Timestamp, length: values.length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data });
  }
  return vectorFromArray(values.map((v) => builderValue(v, type)), target).data[0]!;
}

/** A DuckDB value in the form the Arrow JS builder of its mapped type accepts. */
function builderValue(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.UBIGINT:
      return value;
    case DuckDBTypeId.HUGEINT: {
      const big = value as bigint;
      if (big < INT64_MIN || big > INT64_MAX) {
        throw new SqlError('output', `value ${big} does not fit Arrow Int64: cast the column, e.g. ::double or ::varchar`);
      }
      return big;
    }
    case DuckDBTypeId.DECIMAL: return (value as DuckDBDecimalValue).toDouble();
    case DuckDBTypeId.DATE: return (value as DuckDBDateValue).days * 86_400_000;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ: return Number((value as DuckDBTimestampValue).micros / 1000n);
    case DuckDBTypeId.TIME: return (value as DuckDBTimeValue).micros;
    case DuckDBTypeId.BLOB: return (value as DuckDBBlobValue).bytes;
    case DuckDBTypeId.LIST: return (value as DuckDBListValue).items.map((item) => builderValue(item, type.valueType));
    case DuckDBTypeId.ARRAY: return (value as DuckDBArrayValue).items.map((item) => builderValue(item, type.valueType));
    case DuckDBTypeId.STRUCT: {
      const entries = (value as DuckDBStructValue).entries;
      return Object.fromEntries(type.entryNames.map((name, i) => [name, builderValue(entries[name] ?? null, type.entryTypes[i]!)]));
    }
    default: return String(value);
  }
}
