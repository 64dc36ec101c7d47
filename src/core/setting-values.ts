/**
 * Validation of setting values (issue #18 L1): a setting holds whatever JSON the user (or an
 * untrusted workspace) wrote, so `"abc"`, `null`, `-5` or `1e400` must fall back to a safe value,
 * never turn a limit off (`NaN` compares false with everything, so `size > NaN` never skips).
 */

/**
 * A finite number within [min, max] (clamped), or `fallback` when the value is not a finite
 * number. Numeric strings are not accepted: settings are typed as numbers.
 */
export function validNumber(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, value));
}
