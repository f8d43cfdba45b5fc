import { describe, expect, it } from "vitest";
import { callObject } from "../../src/authority/object-call";

/** An error shaped like the runtime's Durable Object errors. */
const objectError = (flags: { overloaded?: boolean; retryable?: boolean }) =>
  Object.assign(new Error("Durable Object error"), flags);

function failingTimes(times: number, error: Error) {
  let calls = 0;
  const call = async () => {
    calls++;
    if (calls <= times) throw error;
    return "ok";
  };
  return { call, calls: () => calls };
}

describe("callObject", () => {
  it("never retries an overloaded object, even when the error is also marked retryable", async () => {
    const f = failingTimes(1, objectError({ overloaded: true, retryable: true }));
    await expect(callObject(f.call)).rejects.toMatchObject({ overloaded: true });
    expect(f.calls()).toBe(1);
  });

  it("retries a retryable error once", async () => {
    const f = failingTimes(1, objectError({ retryable: true }));
    await expect(callObject(f.call)).resolves.toBe("ok");
    expect(f.calls()).toBe(2);
  });

  it("gives up after the one retry", async () => {
    const f = failingTimes(5, objectError({ retryable: true }));
    await expect(callObject(f.call)).rejects.toThrow();
    expect(f.calls()).toBe(2);
  });

  it("does not retry an error the runtime did not mark retryable", async () => {
    const f = failingTimes(1, new Error("boom"));
    await expect(callObject(f.call)).rejects.toThrow("boom");
    expect(f.calls()).toBe(1);
  });
});
