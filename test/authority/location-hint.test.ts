import { describe, expect, it } from "vitest";
import { durableObjectLimiter } from "../../src/authority/durable-object-limiter";
import { durableObjectKeyStateSink } from "../../src/authority/key-state-sink";
import type { ModuleAuthority } from "../../src/authority/module-authority";
import { configOf } from "../../src/config";

/** A namespace that records the options of every get() and answers usage/sync calls. */
function recordingNamespace() {
  const gets: Array<DurableObjectNamespaceGetDurableObjectOptions | undefined> = [];
  const namespace = {
    idFromName: (name: string) => ({ name }),
    get: (_id: unknown, options?: DurableObjectNamespaceGetDurableObjectOptions) => {
      gets.push(options);
      return {
        usage: async (limit: number) => ({ limit, used: 0, remaining: limit, resetAt: 0 }),
        sync: async () => ({ version: 1 }),
      };
    },
  } as unknown as DurableObjectNamespace<ModuleAuthority>;
  return { namespace, gets };
}

describe("OBJECT_LOCATION_HINT", () => {
  it("is passed on every get() of a module's object, by requests and by admin pushes", async () => {
    const { namespace, gets } = recordingNamespace();
    await durableObjectLimiter(namespace, "weur").usage("mod_a", 10);
    await durableObjectKeyStateSink(namespace, "weur").push("mod_a", {} as never);
    expect(gets).toEqual([{ locationHint: "weur" }, { locationHint: "weur" }]);
  });

  it("is left out when unset, so the object is created near its first caller", async () => {
    const { namespace, gets } = recordingNamespace();
    await durableObjectLimiter(namespace).usage("mod_a", 10);
    expect(gets).toEqual([undefined]);
  });

  it("accepts only the platform's region codes", () => {
    expect(configOf({ OBJECT_LOCATION_HINT: "apac" }).OBJECT_LOCATION_HINT).toBe("apac");
    expect(configOf({ OBJECT_LOCATION_HINT: "" }).OBJECT_LOCATION_HINT).toBeUndefined();
    expect(configOf({ OBJECT_LOCATION_HINT: "mars" }).OBJECT_LOCATION_HINT).toBeUndefined();
    expect(configOf({}).OBJECT_LOCATION_HINT).toBeUndefined();
  });
});
