import { limiterObject } from "./durable-object-limiter";
import type { KeyStatePush } from "./key-state";
import type { ModuleAuthority } from "./module-authority";
import { callObject } from "./object-call";

/** Where admin writes send a module's key state so the next request sees it in every location. */
export interface KeyStateSink {
  /** Resolves once the module's Durable Object has persisted the state; throws when it cannot be reached. */
  push(moduleId: string, state: KeyStatePush): Promise<void>;
}

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
