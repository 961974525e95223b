/**
 * float32 -> IEEE 754 binary16 ("half") conversion with round-half-to-even, subnormals,
 * overflow to infinity and NaN kept NaN, the encoding tfjs decodes for
 * `quantization: { dtype: 'float16' }` weights.
 */

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);

/**
 * The 16 bits of the half-precision value nearest to `value` (after rounding `value` to
 * float32 first, as the weights already are). Ties go to the even mantissa.
 */
export function float32ToFloat16Bits(value: number): number {
  F32[0] = value;
  const bits = F32_BITS[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) {
    // Infinity stays infinity; any NaN becomes a quiet NaN with the top payload bits.
    return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) return sign | subnormalBits(exponent, mantissa);

  // Normal: keep 10 of 23 mantissa bits. A carry out of the mantissa correctly bumps the
  // exponent, and from the largest finite half (65504) up to infinity.
  return sign | roundShift((halfExponent << 10) | (mantissa >>> 13), mantissa & 0x1fff, 13);
}

/** Half subnormal (or zero) for a float32 below 2^-14: the value in units of 2^-24. */
function subnormalBits(exponent: number, mantissa: number): number {
  // value = significand * 2^(exponent - 150); in units of 2^-24 that is significand >> shift.
  // float32 subnormals (exponent 0) are far below 2^-25 and fall under shift > 24.
  const significand = mantissa | 0x800000;
  const shift = 126 - exponent;
  if (shift > 24) return 0; // below 2^-25: rounds to zero
  return roundShift(significand >>> shift, significand & ((1 << shift) - 1), shift);
}

/** Round `kept` (already shifted right by `shift`) using the dropped low bits, ties to even. */
function roundShift(kept: number, dropped: number, shift: number): number {
  const half = 1 << (shift - 1);
  if (dropped > half || (dropped === half && (kept & 1) === 1)) return kept + 1;
  return kept;
}

/** The value of half-precision `bits`, exactly (every half is a float32 and a double). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Half-precision little-endian bytes of `values`, 2 bytes per value. */
export function toFloat16Bytes(values: Float32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, float32ToFloat16Bits(values[i]), true);
  return bytes;
}
