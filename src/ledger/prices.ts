import { z } from "@hono/zod-openapi";
import { type ModelPrice, PRICE_TABLE } from "./price-table";

/** The KV entry (in the KEY_CACHE namespace) where an operator overrides prices without a deploy. */
export const PRICE_OVERRIDE_KV_KEY = "ledger:prices";
/** How long one isolate (and KV's own edge cache) keeps an override before reading it again. */
export const PRICE_OVERRIDE_TTL_SECONDS = 60;

const Usd = z.number().finite().min(0).max(100_000);
/** `{"provider/model": {"input": 0.15, "output": 0.6}}`; null removes a built-in price (tokens only). */
export const PriceOverride = z.record(z.string().min(3), z.object({ input: Usd, output: Usd }).strict().nullable());
export type PriceOverride = z.infer<typeof PriceOverride>;

/** Prices for one request: the built-in table under the operator's override. */
export type PriceBook = { priceOf(model: string): ModelPrice | null };

/**
 * The only suffixes that keep a listed model's price: a date or version stamp of the same model
 * (`-2024-07-18`, `-20250929`, `@20250929`, `-001`, `-latest`). Any other suffix names another
 * model (`gpt-5-pro`, `o3-pro` cost many times their prefix), which stays unpriced (tokens only)
 * rather than under-charged.
 */
const VERSION_STAMP = /^(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-\d{3}|-latest)$/;

/** The price of `model`, or of the listed model it is a dated/versioned variant of, in `table`. */
function lookup(table: Readonly<Record<string, ModelPrice | null>>, model: string): ModelPrice | null | undefined {
  if (model in table) return table[model];
  for (const listed of Object.keys(table)) {
    if (model.startsWith(listed) && VERSION_STAMP.test(model.slice(listed.length))) return table[listed];
  }
  return undefined;
}

/** A price book over the built-in table, with `override` taking precedence entry by entry. */
export function priceBook(override: PriceOverride = {}): PriceBook {
  // Memoised per model: the book lives a minute per isolate and models repeat.
  const cache = new Map<string, ModelPrice | null>();
  return {
    priceOf(model) {
      const cached = cache.get(model);
      if (cached !== undefined) return cached;
      const own = lookup(override, model);
      const price = own !== undefined ? own : (lookup(PRICE_TABLE, model) ?? null);
      cache.set(model, price);
      return price;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

let memo: { at: number; book: PriceBook } | null = null;

/**
 * The price book with the operator's KV override, read at most once a minute per isolate. A
 * missing entry means "built-in prices"; a broken one is logged and ignored (built-in prices
 * still bound spending), so a typo in the override never opens budgets.
 */
export async function loadPriceBook(
  kv: KVNamespace,
  now: number,
  onInvalid: (issue: string) => void = () => {},
): Promise<PriceBook> {
  if (memo && now - memo.at < PRICE_OVERRIDE_TTL_SECONDS * 1000) return memo.book;
  const raw = await kv.get(PRICE_OVERRIDE_KV_KEY, { cacheTtl: PRICE_OVERRIDE_TTL_SECONDS });
  let override: PriceOverride = {};
  if (raw !== null) {
    const parsed = PriceOverride.safeParse(parseJson(raw));
    if (parsed.success) override = parsed.data;
    else onInvalid(parsed.error.issues[0]?.message ?? "invalid");
  }
  memo = { at: now, book: priceBook(override) };
  return memo.book;
}

/** Forgets the memoised override (tests, and an operator's change in the same isolate). */
export function forgetPriceOverride(): void {
  memo = null;
}
