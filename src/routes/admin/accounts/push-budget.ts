import type { Context } from "hono";
import { accountObject } from "../../../authority/account-object";
import { callObject } from "../../../authority/object-call";
import type { AccountRow } from "../../../db/schema";
import type { AppEnv } from "../../../env";
import { unavailable } from "../../../errors/api-error";

/**
 * Gives the account's own object its budget (versioned by `updated_at`, so a late push of an
 * older change is ignored). The object enforces it from the next request on. A failed push is
 * 503: the change is stored in D1, and repeating the request pushes it again.
 */
export async function pushAccountBudget(c: Context<AppEnv>, row: AccountRow): Promise<void> {
  try {
    await callObject(() => accountObject(c.env, row.id).setAccountBudget(row.id, row.budget ?? null, row.updatedAt));
  } catch (err) {
    c.get("log").error("account_budget_push_failed", { account_id: row.id, error: (err as Error).name });
    throw unavailable("The budget is saved but the account's ledger did not confirm it; repeat the request.");
  }
}
