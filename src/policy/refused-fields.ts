import { ApiError } from "../errors/api-error";

/**
 * Throws 400 `invalid_request` with the first refusal found (each a message naming the field
 * and the fix, from checks such as `refuseStoredState`); does nothing when none refused.
 */
export function throwFirstRefusal(...refusals: (string | null | undefined)[]): void {
  const refusal = refusals.find((r) => typeof r === "string");
  if (refusal) throw new ApiError("invalid_request", refusal);
}
