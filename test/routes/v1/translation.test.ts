import { describe, expect, it } from "vitest";
import { expectStatus, provision } from "../../helpers/api";
import { chat, newTag, ssePayloads, streamedText, upstreamRequests } from "../../helpers/upstream";

type Completion = {
  choices: Array<{ message: { content: string }; finish_reason: string | null }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

const conversation = (model: string, tag: string, stream: boolean) => ({
  model,
  stream,
  temperature: 0.3,
  top_p: 0.9,
  stop: ["END"],
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: `Hi tag:${tag}` },
    { role: "assistant", content: "Hello." },
    { role: "user", content: "How are you?" },
  ],
});

describe("translation round trips against recorded provider payloads", () => {
  it("translates a chat to Anthropic Messages and its answer back to OpenAI's shape", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(
      await chat(secret_key, conversation("anthropic/claude-sonnet-4-5", tag, false)),
      200,
    );
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/anthropic/v1/messages");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 1024,
      system: "Be brief.",
      messages: [
        { role: "user", content: `Hi tag:${tag}` },
        { role: "assistant", content: "Hello." },
        { role: "user", content: "How are you?" },
      ],
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ["END"],
    });
    expect(body.choices[0]?.message.content).toBe("Hello! It's nice to meet you. How can I help you today?");
    expect(body.choices[0]?.finish_reason).toBe("stop");
    expect(body.usage).toEqual({ prompt_tokens: 21, completion_tokens: 16, total_tokens: 37 });
  });

  it("translates an Anthropic event stream to OpenAI chunks on the fly", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(secret_key, conversation("anthropic/claude-sonnet-4-5", tag, true));
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const payloads = ssePayloads(await res.text());
    expect(streamedText(payloads)).toBe("Hello! It's nice to meet you. How can I help you today?");
    const chunks = payloads.slice(0, -1).map((p) => JSON.parse(p));
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(["length"]);
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 21, completion_tokens: 16, total_tokens: 37 });
    expect(payloads.at(-1)).toBe("[DONE]");
    const [sent] = await upstreamRequests(tag);
    expect(JSON.parse(sent?.body ?? "{}").stream).toBe(true);
  });

  it("translates a chat to Gemini generateContent and its answer back to OpenAI's shape", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(
      await chat(secret_key, conversation("gemini/gemini-2.5-flash", tag, false)),
      200,
    );
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/gemini/v1beta/models/gemini-2.5-flash:generateContent");
    expect(sent?.headers["x-goog-api-key"]).toMatch(/^canary-gw-gemini-/);
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      contents: [
        { role: "user", parts: [{ text: `Hi tag:${tag}` }] },
        { role: "model", parts: [{ text: "Hello." }] },
        { role: "user", parts: [{ text: "How are you?" }] },
      ],
      systemInstruction: { parts: [{ text: "Be brief." }] },
      generationConfig: { maxOutputTokens: 1024, temperature: 0.3, topP: 0.9, stopSequences: ["END"] },
    });
    expect(body.choices[0]?.message.content).toBe("Hello there! How can I help you today?");
    expect(body.choices[0]?.finish_reason).toBe("stop");
    // Thinking tokens are billed as output.
    expect(body.usage).toEqual({ prompt_tokens: 12, completion_tokens: 27, total_tokens: 39 });
  });

  it("translates a Gemini SSE stream to OpenAI chunks on the fly", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(secret_key, conversation("gemini/gemini-2.5-flash", tag, true));
    const payloads = ssePayloads(await res.text());
    expect(streamedText(payloads)).toBe("Hello there! How can I help you today?");
    const chunks = payloads.slice(0, -1).map((p) => JSON.parse(p));
    expect(chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(["length"]);
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 12, completion_tokens: 10, total_tokens: 22 });
    expect(payloads.at(-1)).toBe("[DONE]");
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });
});
