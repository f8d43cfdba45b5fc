import { StreamFault } from "./stream-fault";

/** One server-sent event: its `event:` name (empty when absent) and its joined `data:` lines. */
export type SseEvent = { event: string; data: string };

/**
 * An incremental SSE parser: feed it decoded text as it arrives, get back the events completed
 * so far. Handles `\n`, `\r\n` and `\r` line ends and events split across chunks. An event
 * that grows past `maxEventChars` without ending is a StreamFault, so a provider that never
 * sends a line end cannot make the gateway buffer without bound.
 */
export class SseParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];
  #dataChars = 0;
  readonly #maxEventChars: number;

  constructor(maxEventChars = 8 * 1024 * 1024) {
    this.#maxEventChars = maxEventChars;
  }

  push(text: string): SseEvent[] {
    const buffer = this.#buffer + text;
    const out: SseEvent[] = [];
    // Scan with one moving index and slice the remainder once: no re-copy of the buffer per line.
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    for (;;) {
      lineEnd.lastIndex = start;
      const match = lineEnd.exec(buffer);
      if (!match) break;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (match[0] === "\r" && match.index === buffer.length - 1) break;
      this.#line(buffer.slice(start, match.index), out);
      start = match.index + match[0].length;
    }
    this.#buffer = start === 0 ? buffer : buffer.slice(start);
    if (this.#buffer.length + this.#dataChars > this.#maxEventChars) {
      throw new StreamFault(`sent a stream event larger than ${this.#maxEventChars} characters.`);
    }
    return out;
  }

  /** Flushes a last event that had no blank line after it. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.#buffer) this.#line(this.#buffer, out);
    this.#buffer = "";
    this.#line("", out);
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.#data.length > 0) out.push({ event: this.#event, data: this.#data.join("\n") });
      this.#event = "";
      this.#data = [];
      this.#dataChars = 0;
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.#data.push(value);
      this.#dataChars += value.length;
    } else if (field === "event") this.#event = value;
  }
}

/** Encodes one `data:` event. */
export function sseData(payload: string): string {
  return `data: ${payload}\n\n`;
}
