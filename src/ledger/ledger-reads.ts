import { accountObject } from "../authority/account-object";
import { limiterObject } from "../authority/durable-object-limiter";
import type { LedgerSnapshot } from "../authority/module-authority";
import { callObject } from "../authority/object-call";
import type { BudgetView } from "./budget-book";

/** The module object's live ledger: its budget figures and the hours D1 does not hold yet. */
export function moduleLedger(env: Env, moduleId: string, from: number): Promise<LedgerSnapshot> {
  return callObject(() => limiterObject(env.MODULE_AUTHORITY, moduleId).snapshot(from));
}

/** The account object's budget figures, or null when the account has no budget. */
export function accountLedger(env: Env, accountId: string): Promise<BudgetView | null> {
  return callObject(() => accountObject(env, accountId).accountBudgetView());
}
