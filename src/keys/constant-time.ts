const encoder = new TextEncoder();

/**
 * Compares two secrets in constant time. Both sides are hashed first, so inputs of different
 * lengths compare as unequal without throwing and without leaking their length through timing.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}
