import { exports } from "cloudflare:workers";
import { createOpenAI } from "@ai-sdk/openai";
import { generateObject, generateText, tool } from "ai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BASE, provision } from "../../../helpers/api";
import { newTag, sentBody } from "../../../helpers/upstream";
import { WEATHER_DESCRIPTION, WEATHER_PARAMETERS } from "../../../helpers/weather-tool";

const workerFetch = (url: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(url, init));
const openai = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${BASE}/api/v1`, fetch: workerFetch, maxRetries: 0 });
const aiSdk = (apiKey: string) => createOpenAI({ apiKey, baseURL: `${BASE}/api/v1`, fetch: workerFetch });

const WEATHER = {
  type: "function" as const,
  function: { name: "get_weather", description: WEATHER_DESCRIPTION, parameters: WEATHER_PARAMETERS },
};

describe("the official openai npm package against the unified endpoints", () => {
  it("chat.completions.create with tools returns the translated tool calls (Anthropic)", async () => {
    const { secret_key } = await provision();
    const completion = await openai(secret_key).chat.completions.create({
      model: "anthropic/claude-sonnet-4-5",
      messages: [{ role: "user", content: "Weather in SF and NYC? fixture:tool-use" }],
      tools: [WEATHER],
      tool_choice: "auto",
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const calls = (choice?.message.tool_calls ?? []).map((c) =>
      c.type === "function" ? JSON.parse(c.function.arguments) : null,
    );
    expect(calls).toEqual([
      { location: "San Francisco, CA", unit: "celsius" },
      { location: "New York, NY", unit: "celsius" },
    ]);
  });

  it("chat.completions.stream with tools assembles the streamed tool calls (Gemini and Anthropic)", async () => {
    const { secret_key } = await provision();
    const gemini = await openai(secret_key)
      .chat.completions.stream({
        model: "gemini/gemini-2.5-flash",
        messages: [{ role: "user", content: "London and Paris? fixture:function-call" }],
        tools: [WEATHER],
      })
      .finalChatCompletion();
    expect(
      gemini.choices[0]?.message.tool_calls?.map((c) => (c.type === "function" ? c.function.arguments : "")),
    ).toEqual(['{"location":"London"}', '{"location":"Paris"}']);
    const anthropic = await openai(secret_key)
      .chat.completions.stream({
        model: "anthropic/claude-sonnet-4-5",
        messages: [{ role: "user", content: "SF and NYC? fixture:tool-use" }],
        tools: [WEATHER],
      })
      .finalChatCompletion();
    const message = anthropic.choices[0]?.message;
    expect(message?.content).toBe("Okay, let's check the weather for both cities:");
    expect(message?.tool_calls?.map((c) => (c.type === "function" ? JSON.parse(c.function.arguments) : null))).toEqual([
      { location: "San Francisco, CA" },
      { location: "New York, NY" },
    ]);
  });

  it("responses.create, plain and streamed", async () => {
    const { secret_key } = await provision();
    const client = openai(secret_key);
    const response = await client.responses.create({ model: "openai/gpt-4o-mini", input: "A unicorn story." });
    expect(response.output_text).toMatch(/^In a peaceful grove beneath a silver moon/);
    expect(response.usage?.output_tokens).toBe(87);
    const stream = await client.responses.create({
      model: "openai/gpt-4o-mini",
      input: "Weather in Paris?",
      tools: [{ type: "function", name: "get_weather", parameters: WEATHER_PARAMETERS, strict: true }],
      stream: true,
    });
    const types: string[] = [];
    let args = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.function_call_arguments.done") args = event.arguments;
    }
    expect(types.at(-1)).toBe("response.completed");
    expect(JSON.parse(args)).toEqual({ location: "Paris, France" });
  });

  it("embeddings.create (the SDK asks for base64 and decodes it) through Gemini's translation", async () => {
    const { secret_key } = await provision();
    const result = await openai(secret_key).embeddings.create({
      model: "gemini/gemini-embedding-001",
      input: ["What is the meaning of life?", "How does the brain work?"],
    });
    expect(result.data).toHaveLength(2);
    const first = result.data[0]?.embedding ?? [];
    expect(first).toHaveLength(3);
    expect(first[0]).toBeCloseTo(0.013168523, 6);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("models.retrieve sends the id URL-encoded and gets the model back", async () => {
    const { secret_key } = await provision();
    const model = await openai(secret_key).models.retrieve("openai/gpt-4o-mini");
    expect(model).toMatchObject({ id: "openai/gpt-4o-mini", object: "model", owned_by: "openai" });
    const list = await openai(secret_key).models.list();
    expect(list.data.map((m) => m.id)).toContain("mock/echo");
  });
});

describe("the Vercel AI SDK (@ai-sdk/openai) against the unified endpoints", () => {
  it("generateText with a tool over the Responses API (the default openai(model)) runs the tool", async () => {
    const { secret_key } = await provision();
    const seen: string[] = [];
    const result = await generateText({
      model: aiSdk(secret_key)("openai/gpt-4o-mini"),
      prompt: "What's the weather in Paris? fixture:responses-function-call",
      tools: {
        get_weather: tool({
          description: WEATHER_DESCRIPTION,
          inputSchema: z.object({ location: z.string() }),
          execute: async ({ location }) => {
            seen.push(location);
            return { location, celsius: 14 };
          },
        }),
      },
    });
    expect(seen).toEqual(["Paris, France"]);
    expect(result.toolResults.map((r) => r.output)).toEqual([{ location: "Paris, France", celsius: 14 }]);
    expect(result.usage.inputTokens).toBe(57);
  });

  it("generateText with a tool over Chat Completions, translated for Anthropic", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const result = await generateText({
      model: aiSdk(secret_key).chat("anthropic/claude-sonnet-4-5"),
      prompt: `Weather in SF and NYC? fixture:tool-use tag:${tag}`,
      tools: {
        get_weather: tool({
          inputSchema: z.object({ location: z.string(), unit: z.string() }),
          execute: async ({ location }) => `${location}: 14°C`,
        }),
      },
    });
    expect(result.toolResults.map((r) => r.output)).toEqual(["San Francisco, CA: 14°C", "New York, NY: 14°C"]);
    const sent = await sentBody(tag);
    expect((sent.tools as Array<{ name: string }>).map((t) => t.name)).toEqual(["get_weather"]);
  });

  it("generateObject returns the parsed object (json_schema to OpenAI, native structured output for Anthropic)", async () => {
    const { secret_key } = await provision();
    const event = await generateObject({
      model: aiSdk(secret_key).chat("openai/gpt-4o-mini"),
      schema: z.object({ name: z.string(), date: z.string(), participants: z.array(z.string()) }),
      prompt: "Alice and Bob are going to a science fair on Friday. fixture:json-schema",
    });
    expect(event.object).toEqual({ name: "Science Fair", date: "Friday", participants: ["Alice", "Bob"] });
    const tag = newTag();
    const lead = await generateObject({
      model: aiSdk(secret_key).chat("anthropic/claude-sonnet-4-5"),
      schema: z.object({ name: z.string(), email: z.string(), plan_interest: z.string(), demo_requested: z.boolean() }),
      prompt: `Extract the lead. fixture:json-output tag:${tag}`,
    });
    expect(lead.object).toEqual({
      name: "John Smith",
      email: "john@example.com",
      plan_interest: "Enterprise",
      demo_requested: true,
    });
    expect((await sentBody(tag)).output_config).toMatchObject({ format: { type: "json_schema" } });
  });
});
