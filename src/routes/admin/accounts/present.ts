import type { AccountRow } from "../../../db/schema";
import { toIso } from "../../../lib/time";

/** The public view of an account row. */
export function presentAccount(row: AccountRow) {
  return {
    account_id: row.id,
    name: row.name,
    allow_gateway_keys: row.allowGatewayKeys,
    budget: row.budget ?? null,
    created_at: toIso(row.createdAt) as string,
    updated_at: toIso(row.updatedAt) as string,
  };
}
