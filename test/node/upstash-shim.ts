import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RedisReplyError, type Reply, RespClient } from "./resp-client";

type Command = Array<string | number>;
type Result = { result: unknown } | { error: string };

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * Upstash accepts Lua shebang flags that open-source Redis 7.0 rejects (`@upstash/ratelimit`
 * sends `#!lua flags=allow-key-locking`). The shim drops such flags before Redis sees the script
 * and maps the SHA the client computed over the original text to the SHA Redis knows, so
 * EVALSHA → NOSCRIPT → EVAL → EVALSHA behaves as it does against Upstash.
 */
class ScriptTranslator {
  private readonly shas = new Map<string, string>();

  translate(command: Command): Command {
    const name = String(command[0]).toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && typeof command[1] === "string") {
      return [command[0] as string, this.rewrite(command[1]), ...command.slice(2)];
    }
    if (name === "SCRIPT" && String(command[1]).toUpperCase() === "LOAD" && typeof command[2] === "string") {
      return [command[0] as string, command[1] as string, this.rewrite(command[2])];
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && command[1] !== undefined) {
      return [command[0] as string, this.shas.get(String(command[1])) ?? command[1], ...command.slice(2)];
    }
    return command;
  }

  private rewrite(script: string): string {
    const rewritten = script.replace(/^#!lua flags=([^\n]*)/, (_line, flags: string) => {
      const kept = flags.split(",").filter((f) => f.trim() && f.trim() !== "allow-key-locking");
      return kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "#!lua";
    });
    this.shas.set(sha1(script), sha1(rewritten));
    return rewritten;
  }
}

function encodeResult(value: Reply, base64: boolean): unknown {
  if (value instanceof RedisReplyError) return null;
  if (Array.isArray(value)) return value.map((v) => encodeResult(v, base64));
  if (typeof value === "string" && base64) return Buffer.from(value, "utf8").toString("base64");
  return value;
}

function toResult(value: Reply, base64: boolean): Result {
  if (value instanceof RedisReplyError) return { error: value.message };
  return { result: encodeResult(value, base64) };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * A small Upstash-compatible REST front for a real Redis, speaking what `@upstash/redis` sends:
 * `POST /` with one command as a JSON array, `POST /pipeline` and `POST /multi-exec` with an
 * array of commands, bearer-token auth, and base64 string results with `Upstash-Encoding: base64`.
 */
export async function startUpstashShim(options: { redisPort: number; token: string }) {
  const redis = await RespClient.open(options.redisPort);
  const scripts = new ScriptTranslator();
  const server = createServer(async (req, res) => {
    try {
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: "Unauthorized" });
      if (req.method !== "POST") return send(res, 405, { error: "POST only" });
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const path = new URL(req.url ?? "/", "http://shim").pathname.replace(/\/+$/, "");
      const raw = (await readJson(req)) as Command | Command[];
      const body =
        path === "" ? scripts.translate(raw as Command) : (raw as Command[]).map((c) => scripts.translate(c));
      if (path === "") {
        const [reply] = await redis.send([body as Command]);
        const result = toResult(reply as Reply, base64);
        return send(res, "error" in result ? 400 : 200, result);
      }
      if (path === "/pipeline") {
        const replies = await redis.send(body as Command[]);
        return send(
          res,
          200,
          replies.map((r) => toResult(r, base64)),
        );
      }
      if (path === "/multi-exec") {
        const commands = body as Command[];
        const replies = await redis.send([["MULTI"], ...commands, ["EXEC"]]);
        const exec = replies.at(-1);
        if (!Array.isArray(exec)) {
          const queued = replies.find((r) => r instanceof RedisReplyError) as RedisReplyError | undefined;
          return send(res, 400, { error: queued?.message ?? "EXECABORT Transaction discarded" });
        }
        return send(
          res,
          200,
          exec.map((r) => toResult(r, base64)),
        );
      }
      return send(res, 404, { error: `unknown path ${path}` });
    } catch (err) {
      return send(res, 500, { error: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.close();
    },
  };
}
