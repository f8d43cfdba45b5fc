import { exports } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { BASE, provision } from "../../helpers/api";

const client = (apiKey: string) =>
  new OpenAI({
    apiKey,
    baseURL: `${BASE}/api/v1`,
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
    maxRetries: 0,
  });

describe("the official openai npm package pointed at the gateway", () => {
  it("completes a chat", async () => {
    const { secret_key } = await provision();
    const completion = await client(secret_key).chat.completions.create({
      model: "anthropic/claude-sonnet-4-5",
      messages: [{ role: "user", content: "Hello" }],
    });
    expect(completion.choices[0]?.message.content).toBe("Hello! It's nice to meet you. How can I help you today?");
    expect(completion.usage?.prompt_tokens).toBe(21);
  });

  it("completes a streamed chat", async () => {
    const { secret_key } = await provision();
    const stream = await client(secret_key).chat.completions.create({
      model: "gemini/gemini-2.5-flash",
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("Hello there! How can I help you today?");
  });

  it("surfaces a gateway error as the SDK's typed error", async () => {
    const { secret_key } = await provision({ allowed_models: ["mock/echo"] });
    await expect(
      client(secret_key).chat.completions.create({
        model: "openai/gpt-4o",
        messages: [{ role: "user", content: "x" }],
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
