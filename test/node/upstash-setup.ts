import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startFakeUpstream } from "./fake-upstream";
import { startRedis } from "./redis-server";
import { startUpstashShim } from "./upstash-shim";

declare module "vitest" {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
    upstreamUrl: string;
  }
}

/**
 * globalSetup of the `upstash` project: a real Redis behind an Upstash-compatible REST shim, and
 * the fake upstream (its `/never-answers` endpoint stands in for a Redis REST endpoint that hangs).
 */
export default async function setup(project: TestProject) {
  const redis = await startRedis();
  const token = randomBytes(24).toString("base64url");
  const shim = await startUpstashShim({ redisPort: redis.port, token });
  project.provide("upstashUrl", shim.url);
  project.provide("upstashToken", token);
  const upstream = await startFakeUpstream();
  project.provide("upstreamUrl", upstream.url);
  return async () => {
    await upstream.close();
    await shim.close();
    await redis.stop();
  };
}
