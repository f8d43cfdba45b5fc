import { describe, expect, it } from "vitest";
import type { PassthroughSpec } from "../../src/passthrough/endpoint";
import { anthropicPassthrough } from "../../src/providers/anthropic/passthrough";
import { geminiPassthrough } from "../../src/providers/gemini/passthrough";
import { openAiPassthrough } from "../../src/providers/openai/passthrough";

function reader(spec: PassthroughSpec, name: string) {
  const endpoint = spec.endpoints.find((e) => e.name === name);
  if (!endpoint?.usage) throw new Error(`no usage reader for ${name}`);
  return endpoint.usage;
}

describe("passthrough usage readers", () => {
  it("reads the Responses API from the answer and from its response.completed event", () => {
    const responses = reader(openAiPassthrough, "responses");
    const usage = { input_tokens: 36, output_tokens: 87, total_tokens: 123 };
    expect(responses.fromJson({ object: "response", usage })).toEqual({ promptTokens: 36, completionTokens: 87 });
    let sofar = responses.fromEvent({ type: "response.created", response: { usage: null } }, null);
    expect(sofar).toBeNull();
    sofar = responses.fromEvent({ type: "response.output_text.delta", delta: "hi" }, sofar);
    sofar = responses.fromEvent({ type: "response.completed", response: { usage } }, sofar);
    expect(sofar).toEqual({ promptTokens: 36, completionTokens: 87 });
  });

  it("counts Anthropic's cache reads and writes as input, and the last message_delta as output", () => {
    const messages = reader(anthropicPassthrough, "messages");
    const start = {
      type: "message_start",
      message: {
        usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 20, output_tokens: 1 },
      },
    };
    let sofar = messages.fromEvent(start, null);
    sofar = messages.fromEvent({ type: "message_delta", usage: { output_tokens: 7 } }, sofar);
    sofar = messages.fromEvent({ type: "message_delta", usage: { output_tokens: 42 } }, sofar);
    expect(sofar).toEqual({ promptTokens: 125, completionTokens: 42 });
  });

  it("reads Gemini's running totals from the last chunk of an unstreamed array too", () => {
    const generate = reader(geminiPassthrough, "models.generateContent");
    const chunk = (n: number) => ({ usageMetadata: { promptTokenCount: 4, candidatesTokenCount: n } });
    expect(generate.fromJson([chunk(1), chunk(9)])).toEqual({ promptTokens: 4, completionTokens: 9 });
    expect(generate.fromEvent(chunk(3), null)).toEqual({ promptTokens: 4, completionTokens: 3 });
  });
});
