import type { KeyState } from "../keys/key-state";
import type { AuthorityState } from "./stored-state";

/**
 * The serialisation version of the object's `key_state` row. Rows without one were written before
 * the one key model: a flat object of the judged fields only.
 */
export const STORED_STATE_FORMAT = 2;

/** The row's `data` for a state. */
export function serialiseState(state: AuthorityState): string {
  return JSON.stringify({ format: STORED_STATE_FORMAT, ...state });
}

/** The first format, as `RateLimiter` stored it. */
type LegacyState = {
  authoritative: boolean;
  deleted: boolean;
  version: number;
  status: KeyState["status"];
  keyHash: string | null;
  previousKeyHash: string | null;
  previousKeyExpiresAt: number | null;
  expiresAt: number | null;
  rateLimitPerHour: number | null;
  rateLimitPerVisitorPerHour: number | null;
};

/**
 * A `key_state` row's data read back, in either format; null when it is neither (the object then
 * starts over from the next push or request). A first-format row carries only what the object
 * judges and counts by; the policy it never stored takes the values of a row of its time (no
 * account, cap, allowlist, passthrough, built-in tools or budget) until the next push or newer
 * record replaces it, and `moduleId` is the object's own name.
 */
export function parseStoredState(data: string, moduleId: string): AuthorityState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const format = (raw as { format?: unknown }).format;
  if (format === STORED_STATE_FORMAT) {
    const { format: _format, ...state } = raw as AuthorityState & { format: number };
    return state;
  }
  if (format !== undefined) return null;
  const old = raw as LegacyState;
  if (typeof old.version !== "number" || typeof old.deleted !== "boolean") return null;
  if (old.deleted) return { deleted: true, version: old.version };
  return {
    deleted: false,
    authoritative: old.authoritative === true,
    key: {
      moduleId,
      accountId: null,
      keyFormat: "egw_pub",
      status: old.status,
      currentKeyHash: old.keyHash,
      previousKeyHash: old.previousKeyHash,
      previousKeyExpiresAt: old.previousKeyExpiresAt,
      expiresAt: old.expiresAt,
      rateLimitPerHour: old.rateLimitPerHour,
      rateLimitPerVisitorPerHour: old.rateLimitPerVisitorPerHour,
      maxOutputTokens: null,
      allowedOrigins: [],
      allowedModels: [],
      allowPassthrough: false,
      allowedBuiltinTools: [],
      budget: null,
      lastUsedAt: null,
      version: old.version,
    },
  };
}
