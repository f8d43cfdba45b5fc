import type { KeyStateSink } from "../keys/key-state-push";
import { limiterObject } from "./durable-object-limiter";
import type { ModuleAuthority } from "./module-authority";
import { callObject } from "./object-call";

/** The sink backed by the module's Durable Object. Pushes are versioned, so a retry is harmless. */
export function durableObjectKeyStateSink(
  namespace: DurableObjectNamespace<ModuleAuthority>,
  locationHint?: DurableObjectLocationHint,
): KeyStateSink {
  return {
    async push(moduleId, state) {
      await callObject(() => limiterObject(namespace, moduleId, locationHint).sync(state));
    },
  };
}
