/** Service tiers that bill at most the standard price (`priority` multiplies it). */
const STANDARD_TIERS = new Set(["auto", "default", "flex"]);

/**
 * Refuses a service tier that bills above the standard price the price table holds: one check
 * for the unified chat and /responses routes and the native passthrough.
 */
export function refusePricierTier(body: Record<string, unknown>): string | null {
  const tier = body.service_tier;
  if (tier === undefined || tier === null || (typeof tier === "string" && STANDARD_TIERS.has(tier))) return null;
  return "service_tier: only auto, default or flex are accepted (other tiers bill above the standard price); omit it or send one of those.";
}
