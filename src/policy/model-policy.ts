/** A `provider/model` id split at its first slash; null when it has no provider part. */
export function parseModelId(id: string): { provider: string; model: string } | null {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) return null;
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

/** An empty allowlist allows every model; otherwise the id must be listed exactly. */
export function isModelAllowed(allowedModels: readonly string[], id: string): boolean {
  return allowedModels.length === 0 || allowedModels.includes(id);
}

/** An empty allowlist allows every provider; otherwise one of its models must belong to it. */
export function isProviderAllowed(allowedModels: readonly string[], provider: string): boolean {
  return allowedModels.length === 0 || allowedModels.some((id) => parseModelId(id)?.provider === provider);
}

/** The key's output-token cap: its own, else the gateway default (`DEFAULT_MAX_OUTPUT_TOKENS`). */
export function outputTokenCap(keyCap: number | null, gatewayDefault: number): number {
  return keyCap !== null && keyCap > 0 ? keyCap : gatewayDefault;
}

/** The cap injected when the caller names none, and clamping a larger request. */
export function effectiveMaxTokens(requested: number | null | undefined, cap: number): number {
  return requested === null || requested === undefined ? cap : Math.min(requested, cap);
}
