import { connect, type Socket } from "node:net";

/** An error reply from Redis (`-ERR ...`). */
export class RedisReplyError extends Error {}

export type Reply = string | number | null | RedisReplyError | Reply[];

type Pending = { count: number; replies: Reply[]; resolve: (r: Reply[]) => void; reject: (e: Error) => void };

const CRLF = "\r\n";

function encode(command: ReadonlyArray<string | number>): string {
  let out = `*${command.length}${CRLF}`;
  for (const part of command) {
    const text = String(part);
    out += `$${Buffer.byteLength(text)}${CRLF}${text}${CRLF}`;
  }
  return out;
}

/**
 * A minimal RESP2 client over one connection: commands are written in order and replies come
 * back in the same order, so a batch written in one `write` (MULTI … EXEC) is never interleaved.
 */
export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly queue: Pending[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", (err) => this.failAll(err));
    socket.on("close", () => this.failAll(new Error("redis connection closed")));
  }

  static open(port: number, host = "127.0.0.1"): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off("error", reject);
        resolve(new RespClient(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Sends commands in one write and resolves with their replies, in order. */
  send(commands: ReadonlyArray<ReadonlyArray<string | number>>): Promise<Reply[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ count: commands.length, replies: [], resolve, reject });
      this.socket.write(commands.map(encode).join(""));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private failAll(err: Error): void {
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const head = this.queue[0];
      if (!head) continue;
      head.replies.push(parsed.value);
      if (head.replies.length === head.count) {
        this.queue.shift();
        head.resolve(head.replies);
      }
    }
  }
}

/** Parses one reply starting at `at`, or returns null when the buffer does not hold all of it yet. */
function parse(buf: Buffer, at: number): { value: Reply; end: number } | null {
  const lineEnd = buf.indexOf(CRLF, at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[at] as number);
  const line = buf.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RedisReplyError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 };
    }
    case "*": {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < len; i++) {
        const item = parse(buf, pos);
        if (!item) return null;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
  }
}
