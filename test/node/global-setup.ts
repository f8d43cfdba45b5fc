import type { TestProject } from "vitest/node";
import { startFakeUpstream } from "./fake-upstream";

declare module "vitest" {
  export interface ProvidedContext {
    upstreamUrl: string;
  }
}

/** Starts the fake provider upstream once for the whole run; tests reach it over loopback. */
export default async function setup(project: TestProject) {
  const upstream = await startFakeUpstream();
  project.provide("upstreamUrl", upstream.url);
  return () => upstream.close();
}
