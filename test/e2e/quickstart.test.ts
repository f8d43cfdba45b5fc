import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** The ```sh blocks of one README section, in order. */
function shellBlocks(section: string): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`## ${section}\n`);
  const end = readme.indexOf("\n## ", start + 1);
  const text = readme.slice(start, end === -1 ? undefined : end);
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] as string).replace(/^ {2}/gm, ""));
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

let dir: string;
let port: number;
let dev: ChildProcess;
let devOutput = "";

/** Runs shell text in the checkout, as a reader pastes it into a second terminal. */
function shell(script: string, env: Record<string, string> = {}): string {
  return execFileSync("bash", ["-euo", "pipefail", "-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

beforeAll(async () => {
  // A fresh checkout: the tracked files only (no .dev.vars, no .wrangler state), sharing node_modules.
  dir = mkdtempSync(join(tmpdir(), "egw-quickstart-"));
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  port = await freePort();
  // `npm run dev` exactly as the README says, on a free port instead of 8787.
  dev = spawn("npm", ["run", "dev"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: "false", CI: "true" },
    detached: true,
  });
  dev.stdout?.on("data", (d) => {
    devOutput += d;
  });
  dev.stderr?.on("data", (d) => {
    devOutput += d;
  });
  const deadline = Date.now() + 150_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`npm run dev did not come up:\n${devOutput}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);

afterAll(() => {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("README quickstart, run as written against `npm run dev` in a fresh checkout", () => {
  it("creates .dev.vars and migrates the local database on the first run", () => {
    expect(devOutput).toContain("Created .dev.vars with fresh random secrets.");
    expect(readFileSync(join(dir, ".dev.vars"), "utf8")).toMatch(/^ADMIN_API_KEY=[A-Za-z0-9_-]{40,}$/m);
  });

  it("answers the mock/echo chat call and the tool call of the second terminal", () => {
    const [install, calls] = shellBlocks("Quickstart");
    expect(install).toContain("npm install");
    expect(install).toContain("npm run dev");
    const out = shell((calls as string).replaceAll("localhost:8787", `localhost:${port}`));
    expect(out).toMatch(/^egw_pub_[0-9A-Za-z]{49}$/m);
    expect(out).toContain('"content":"Hello, gateway"');
    expect(out).toMatch(/"tool_calls":\[\{[^\]]*"name":"get_weather"/);
  });

  it("runs the admin tools' CLI lines that need no id", () => {
    const [block] = shellBlocks("Admin tools");
    const runnable = (block as string)
      .split("\n")
      .filter((line) => line.startsWith("npm run admin") && !line.includes("<"));
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    const out = shell(runnable.join("\n"), { GATEWAY_URL: `http://localhost:${port}` });
    expect(out).toMatch(/secret_key\s+egw_pub_/);
    expect(out).toMatch(/^MODULE_ID\s+NAME\s+STATUS/m);
    expect(out).toContain("recipe-helper");
  });
});
