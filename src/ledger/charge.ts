import type { TokenUsage } from "../providers/types";
import type { ModelPrice } from "./price-table";

/**
 * An amount against a budget: tokens, and USD in integer nano-dollars (1e-9 USD) so sums over
 * millions of requests stay exact (list prices have at most three decimals per million tokens,
 * so one token's price is a whole number of nano-dollars). USD is 0 for an unpriced model.
 */
export type Charge = { tokens: number; nanoUsd: number };

export const NO_CHARGE: Charge = Object.freeze({ tokens: 0, nanoUsd: 0 });
export const NANO_PER_USD = 1_000_000_000;

/** Nano-dollars per token for a price in USD per million tokens. */
const nanoPerToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1000);

/** What prompt and completion tokens cost at `price` (tokens only when the model has no price). */
export function chargeOf(usage: TokenUsage, price: ModelPrice | null): Charge {
  const prompt = wholeTokens(usage.promptTokens);
  const completion = wholeTokens(usage.completionTokens);
  const nanoUsd = price ? prompt * nanoPerToken(price.input) + completion * nanoPerToken(price.output) : 0;
  return { tokens: prompt + completion, nanoUsd };
}

export function addCharges(a: Charge, b: Charge): Charge {
  return { tokens: a.tokens + b.tokens, nanoUsd: a.nanoUsd + b.nanoUsd };
}

export function subtractCharges(a: Charge, b: Charge): Charge {
  return { tokens: Math.max(0, a.tokens - b.tokens), nanoUsd: Math.max(0, a.nanoUsd - b.nanoUsd) };
}

export const usdOf = (nanoUsd: number) => nanoUsd / NANO_PER_USD;
export const nanoUsdOf = (usd: number) => Math.round(usd * NANO_PER_USD);

/** A non-negative whole token count from a provider's figure (which may be missing or fractional). */
export function wholeTokens(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 0;
}
