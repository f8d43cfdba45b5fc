import type { TestProject } from "vitest/node";
import { buildWorker } from "../../bench/harness.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    workerScriptPath: string;
  }
}

/** globalSetup of the `e2e` project: builds the Worker once (wrangler deploy --dry-run). */
export default function setup(project: TestProject) {
  project.provide("workerScriptPath", buildWorker());
}
