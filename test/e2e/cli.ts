import { spawn } from "node:child_process";
import { resolve } from "node:path";
import type { Gateway } from "./gateway";

const CLI = resolve(import.meta.dirname, "../../bin/gateway-admin.mjs");

export type CliResult = { stdout: string; stderr: string; code: number | null };

/**
 * Runs the admin CLI against a test gateway (URL and admin key from the environment, as an admin
 * would set them); `input` is written to its stdin, which is closed either way (not a terminal).
 */
export function cliRunner(gatewayOf: () => Gateway) {
  return function cli(...argsAndInput: Array<string | { input: string }>): Promise<CliResult> {
    const input = argsAndInput.find((a): a is { input: string } => typeof a !== "string")?.input ?? "";
    const args = argsAndInput.filter((a): a is string => typeof a === "string");
    const gateway = gatewayOf();
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, GATEWAY_URL: gateway.url, GATEWAY_ADMIN_KEY: gateway.adminKey },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("error", fail);
      child.on("close", (code) => done({ stdout, stderr, code }));
      child.stdin.end(input);
    });
  };
}
