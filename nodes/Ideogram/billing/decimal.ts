/**
 * Exact sums of the decimal strings Ideogram's account endpoints answer ("84.00", "0.04"): each
 * value becomes an integer count of its smallest unit (a BigInt) with a scale, so no sum passes
 * through floating point, where 0.1 + 0.7 is 0.7999999999999999.
 */
export interface Decimal {
	/** The value times 10^scale. */
	units: bigint;
	/** Digits after the point. */
	scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as a Decimal, or undefined when it is not one (exponents, blanks, words). */
export function parseDecimal(text: unknown): Decimal | undefined {
	const match = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null;
	if (!match) return undefined;
	const [, sign, whole, fraction = ''] = match;
	const units = BigInt(whole + fraction);
	return { units: sign === '-' ? -units : units, scale: fraction.length };
}

const rescale = (d: Decimal, scale: number): bigint => d.units * 10n ** BigInt(scale - d.scale);

export function addDecimals(a: Decimal, b: Decimal): Decimal {
	const scale = Math.max(a.scale, b.scale);
	return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** Zero with the given number of decimals ("0.00" for scale 2). */
export const zeroDecimal = (scale = 0): Decimal => ({ units: 0n, scale });

/** As a string with at least `minScale` decimals and no fewer than the value has: "87.47", "0.180". */
export function formatDecimal(d: Decimal, minScale = 0): string {
	const scale = Math.max(d.scale, minScale);
	const units = rescale(d, scale);
	const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
	const sign = units < 0n ? '-' : '';
	return scale ? `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}` : `${sign}${digits}`;
}
