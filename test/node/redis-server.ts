import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient } from "./resp-client";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway `redis-server` on 127.0.0.1 (free port, temp dir, no persistence) and waits
 * until it answers PING. Throws with a clear message when redis-server is missing or does not
 * come up: the Upstash tests must fail loudly, never be skipped.
 */
export async function startRedis(): Promise<{ port: number; stop: () => Promise<void> }> {
  const binary = process.env.REDIS_SERVER ?? "redis-server";
  if (spawnSync(binary, ["--version"]).error) {
    throw new Error(
      `${binary} not found: the Upstash backend tests need a real Redis. Install it with ` +
        "`apt-get install -y redis-server` (.ci/run does this) or set REDIS_SERVER to its path.",
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "egw-redis-"));
  const child: ChildProcess = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const client = await RespClient.open(port);
      const [pong] = await client.send([["PING"]]);
      client.close();
      if (pong === "PONG") break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`redis-server did not start on 127.0.0.1:${port}: ${stderr || `exit ${child.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: async () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
