import type { LimitDecision, Limiter, LimitInput } from "./limiter";
import type { ModuleAuthority, ObjectCheckInput } from "./module-authority";
import { callObject } from "./object-call";

/**
 * The module's Durable Object stub. A fresh stub per call, so a broken one is never reused. The
 * location hint (OBJECT_LOCATION_HINT) decides where the object is created, on its first call.
 */
export function limiterObject(
  namespace: DurableObjectNamespace<ModuleAuthority>,
  moduleId: string,
  locationHint?: DurableObjectLocationHint,
) {
  return namespace.get(namespace.idFromName(moduleId), locationHint ? { locationHint } : undefined);
}

/** What the object needs from a request; the record came from KV or D1, never from the client. */
export function toObjectInput(input: LimitInput): ObjectCheckInput {
  const { keyHash, ...record } = input.key;
  return {
    keyHash,
    record,
    clientIp: input.clientIp,
    requestId: input.requestId,
    defaultLimit: input.defaultLimit,
    ...(input.spend ? { spend: input.spend } : {}),
  };
}

/** The default backend: one SQLite-backed Durable Object per module judges the key and counts. */
export function durableObjectLimiter(
  namespace: DurableObjectNamespace<ModuleAuthority>,
  locationHint?: DurableObjectLocationHint,
): Limiter {
  return {
    check: (input) =>
      callObject(async (): Promise<LimitDecision> => {
        // RPC return types are distributed over the union; the value is the plain decision.
        return (await limiterObject(namespace, input.key.moduleId, locationHint).check(
          toObjectInput(input),
        )) as LimitDecision;
      }),
    usage: (moduleId, limit) => callObject(() => limiterObject(namespace, moduleId, locationHint).usage(limit)),
  };
}
