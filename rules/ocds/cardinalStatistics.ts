/**
 * The numbers of Cardinal 0.0.8 reproduced bit for bit (docs/cardinal-semantics.md, "Quartiles and
 * fences", "Output"): DuckDB's `quantile_cont` is Hyndman–Fan type 7 and it has no fused
 * multiply-add, so the fences are computed here from the values the indicator SQL gathers.
 */

/**
 * statrs 0.16 `Data::quantile(τ)`: Hyndman–Fan type 8 (median-unbiased), with statrs' exact
 * double operations. NaN for no values or τ outside [0, 1].
 *
 * @example quantileType8([1, 2, 3, 4], 0.25) // 1.4166666666666667
 */
export function quantileType8(values: readonly number[], tau: number): number {
  const n = values.length;
  if (n === 0 || !(tau >= 0 && tau <= 1)) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const h = (n + 1 / 3) * tau + 1 / 3;
  const hf = Math.trunc(h);
  if (hf <= 0 || tau === 0) return sorted[0]!;
  if (hf >= n || Math.abs(tau - 1) <= Number.EPSILON) return sorted[n - 1]!;
  const a = sorted[hf - 1]!;
  const b = sorted[hf]!;
  return a + (h - hf) * (b - a);
}

function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biasedExponent !== 0) mantissa |= 1n << 52n;
  return [(hi >>> 31 ? -1n : 1n) * mantissa, biasedExponent === 0 ? -1074 : biasedExponent - 1075];
}

/**
 * Rust `f64::mul_add`: a·b + c with one rounding (IEEE fused multiply-add), which Cardinal uses for
 * its fences; plain JS `a * b + c` rounds twice and differs in the last bit in about 1 case in 5.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const mp = ma * mb;
  const ep = ea + eb;
  if (mp === 0n) return a * b + c;
  let e = Math.min(ep, ec);
  let s = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (s === 0n) return 0;
  const negative = s < 0n;
  if (negative) s = -s;
  const bits = s.toString(2).length;
  if (bits > 64) {
    // Keep 64 bits and a sticky bit, so Number(BigInt)'s round-to-even rounds once, correctly.
    const shift = bits - 64;
    const sticky = (s & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    s = (s >> BigInt(shift)) | sticky;
    e += shift;
  }
  const half = Math.trunc(e / 2);
  const result = Number(s) * 2 ** half * 2 ** (e - half);
  return negative ? -result : result;
}

/** Cardinal's Tukey fences: lower `fma(q3 − q1, −1.5, q1)`, upper `fma(q3 − q1, 1.5, q3)`. */
export function tukeyFences(q1: number, q3: number): { lower: number; upper: number } {
  return { lower: fusedMultiplyAdd(q3 - q1, -1.5, q1), upper: fusedMultiplyAdd(q3 - q1, 1.5, q3) };
}

/** Meta values: `round(v × 10000) / 10000` with Rust's round (half away from zero). */
export function roundForMeta(value: number): number {
  const scaled = value * 10000;
  const rounded = scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
  return rounded / 10000;
}

/**
 * A double as serde_json (ryu) prints it: shortest round-trip digits, always a decimal point for
 * integers (`1.0`), plain notation for decimal exponents in (−5, 16], else `1e16`, `1.5e-7`;
 * non-finite → `null`.
 */
export function rustF64(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const length = digits.length;
  const kk = Number(exponent) + 1;
  if (kk >= length && kk <= 16) return sign + digits + '0'.repeat(kk - length) + '.0';
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${'0'.repeat(-kk)}${digits}`;
  return `${sign}${length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`}e${kk - 1}`;
}
