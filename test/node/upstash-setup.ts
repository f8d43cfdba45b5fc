import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startRedis } from "./redis-server";
import { startUpstashShim } from "./upstash-shim";

declare module "vitest" {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
  }
}

/** globalSetup of the `upstash` project: a real Redis behind an Upstash-compatible REST shim. */
export default async function setup(project: TestProject) {
  const redis = await startRedis();
  const token = randomBytes(24).toString("base64url");
  const shim = await startUpstashShim({ redisPort: redis.port, token });
  project.provide("upstashUrl", shim.url);
  project.provide("upstashToken", token);
  return async () => {
    await shim.close();
    await redis.stop();
  };
}
