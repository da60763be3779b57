const pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time as nanoseconds since the epoch, or null when chrono's
 * `DateTime::parse_from_rfc3339` (which Cardinal's R003 uses) would refuse it: date-only, no
 * seconds, `+0500`, `+24:00`, `24:00:00`, `2024-02-30`, unpadded fields, comma fractions.
 *
 * @example rfc3339Nanoseconds('1970-01-01T00:00:01Z') // 1000000000n
 */
export function rfc3339Nanoseconds(text: string): bigint | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (day > daysInMonth) return null;
  let offsetSeconds = 0;
  if (sign) {
    if (Number(oh) > 23 || Number(om) > 59) return null;
    offsetSeconds = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  }
  const epoch = new Date(0);
  epoch.setUTCFullYear(year, month - 1, day);
  const days = Math.round(epoch.getTime() / 86_400_000);
  const seconds = BigInt(days) * 86_400n + BigInt(hour * 3600 + minute * 60 + second - offsetSeconds);
  const nanos = fraction ? BigInt(fraction.slice(0, 9).padEnd(9, '0')) : 0n;
  return seconds * 1_000_000_000n + nanos;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
