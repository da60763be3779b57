import { DuckDBTimestampTZValue, DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** Beijing time has had no daylight saving since 1991: a fixed +08:00 is exact for the data's years. */
const BEIJING_OFFSET_MICROS = 8n * 3600n * 1_000_000n;

/**
 * A value as a table cell: text as it is, NULL as `NULL`, doubles to 15 significant digits,
 * times with time zone in Beijing time (`2024-03-05 09:30:00+08`, as the session's TimeZone
 * shows them), everything else as DuckDB prints it. For display only: --format output is exact.
 */
export function displayValue(value: DuckDBValue, type: DuckDBType): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return value;
  // 15 significant digits: a sum of prices shows as 18679279.56, not 18679279.560000002.
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (type.typeId === DuckDBTypeId.TIMESTAMP_TZ && value instanceof DuckDBTimestampTZValue && value.isFinite) {
    const local = new Date(Number((value.micros + BEIJING_OFFSET_MICROS) / 1000n));
    const micros = Number(((value.micros % 1_000_000n) + 1_000_000n) % 1_000_000n);
    const fraction = micros === 0 ? '' : `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
    return `${local.toISOString().slice(0, 19).replace('T', ' ')}${fraction}+08`;
  }
  return String(value);
}
