/**
 * Number text exactly as Java prints it (Double.toString / Float.toString of JDK 19+, which Jackson
 * uses for doubles and floats), plus BigDecimal.toString. Kafka's converters, SMTs and
 * `Values.convertToString` print Connect numbers this way, so every plugin that writes them as
 * text uses these to stay byte-compatible with a Java worker.
 */

/** Java's layout of a shortest decimal `digits × 10^(exp - digits.length + 1)`. */
function layout(negative: boolean, digits: string, exp: number): string {
  const sign = negative ? '-' : '';
  if (exp >= -3 && exp < 7) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
    return `${sign}${intPart}.${frac}`;
  }
  return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}E${exp}`;
}

function splitExponential(text: string): [string, number] {
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e).replace('.', '');
  return [mantissa.replace(/0+$/, '') || '0', Number(text.slice(e + 1))];
}

/** Java Double.toString(d); NaN/±Infinity give the bare names (Jackson then quotes them). */
export function javaDoubleToString(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(d);
  // Fast path: in Java's plain range JS prints the same shortest digits, minus Java's ".0".
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  let [digits, exp] = splitExponential(abs.toExponential());
  // JDK 19+: when one digit suffices, a closer two-digit decimal wins (4.9E-324, not 5e-324).
  if (digits.length === 1) {
    const two = abs.toExponential(1);
    if (Number(two) === abs) [digits, exp] = splitExponential(two);
  }
  return layout(d < 0, digits, exp);
}

/** Java Float.toString of the float32 nearest `v`. */
export function javaFloatToString(v: number): string {
  const f = Math.fround(v);
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(f);
  let best = shortestFloatDigits(abs, 1);
  for (let p = 2; best === null && p <= 9; p++) best = shortestFloatDigits(abs, p);
  if (best!.digits.length === 1) {
    const two = shortestFloatDigits(abs, 2);
    if (two !== null && two.distance < best!.distance) best = two;
  }
  const [digits, exp] = [best!.digits.replace(/(.)0+$/, '$1'), best!.exp];
  return layout(f < 0, digits, exp);
}

interface Candidate { digits: string; exp: number; distance: number }

/** Closest `p`-digit decimal that reads back as the float `f`, or null. */
function shortestFloatDigits(f: number, p: number): Candidate | null {
  const [mant, expText] = f.toExponential(p - 1).split('e');
  const m = Number(mant!.replace('.', ''));
  const exp = Number(expText);
  let best: Candidate | null = null;
  // The nearest p-digit decimal can miss the (asymmetric) rounding interval while a neighbour hits it.
  for (const c of [m - 1, m, m + 1]) {
    let digits = String(c);
    let e = exp;
    if (digits.length > p) e += 1;
    else if (digits.length < p) { if (p > 1) continue; }
    if (c <= 0) continue;
    const value = Number(`${digits}e${exp - p + 1}`);
    if (Math.fround(value) !== f) continue;
    const distance = Math.abs(value - f);
    if (digits.length > p) digits = digits.slice(0, p);
    if (best === null || distance < best.distance) best = { digits, exp: e, distance };
  }
  return best;
}

/** Java BigDecimal.toString(): plain unless scale < 0 or the exponent is below -6. */
export function javaBigDecimalToString(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const coeff = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? '-' : '';
  const adjusted = -scale + (coeff.length - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + coeff;
    if (coeff.length > scale) return `${sign}${coeff.slice(0, -scale)}.${coeff.slice(-scale)}`;
    return `${sign}0.${'0'.repeat(scale - coeff.length)}${coeff}`;
  }
  const mantissa = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff;
  return `${sign}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}
