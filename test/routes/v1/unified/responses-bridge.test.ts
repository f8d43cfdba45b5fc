import { exports } from "cloudflare:workers";
import { createOpenAI } from "@ai-sdk/openai";
import { stepCountIs, streamText, tool } from "ai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ai, BASE, expectError, expectStatus, provision } from "../../../helpers/api";
import { usageOf } from "../../../helpers/module-usage";
import { newTag, sentBody, ssePayloads, upstreamRequests } from "../../../helpers/upstream";
import { WEATHER_PARAMETERS } from "../../../helpers/weather-tool";

const responses = (key: string, body: Record<string, unknown>) =>
  ai("/api/v1/responses", key, { method: "POST", body });
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const workerFetch = (url: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(url, init));

type Output = Array<{
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  content?: Array<{ text: string }>;
}>;

describe("POST /responses for providers without the Responses API, translated through their chat API", () => {
  it("sends Anthropic a Messages body from instructions, input items, tools, tool_choice and text.format", async () => {
    const p = await provision({ max_output_tokens: 300 });
    const tag = newTag();
    const body = await expectStatus<{ object: string; status: string; model: string; output: Output; usage: unknown }>(
      await responses(p.secret_key, {
        model: "anthropic/claude-sonnet-4-5",
        instructions: "Be brief.",
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: `What is here, and the weather? tag:${tag} fixture:tool-use` },
              { type: "input_image", image_url: `data:image/png;base64,${PNG}` },
            ],
          },
          { type: "function_call", call_id: "call_a", name: "get_weather", arguments: '{"location":"Paris"}' },
          { type: "function_call_output", call_id: "call_a", output: "14°C" },
        ],
        tools: [{ type: "function", name: "get_weather", parameters: WEATHER_PARAMETERS, strict: true }],
        tool_choice: { type: "function", name: "get_weather" },
        max_output_tokens: 1000,
      }),
      200,
    );
    const sent = await sentBody(tag);
    expect(sent).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 300,
      system: "Be brief.",
      tool_choice: { type: "tool", name: "get_weather" },
      tools: [{ name: "get_weather", input_schema: WEATHER_PARAMETERS, strict: true }],
    });
    expect(sent.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: `What is here, and the weather? tag:${tag} fixture:tool-use` },
          { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "call_a", name: "get_weather", input: { location: "Paris" } }],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_a", content: "14°C" }] },
    ]);
    expect(body).toMatchObject({ object: "response", status: "completed", model: "anthropic/claude-sonnet-4-5" });
    expect(body.output.map((o) => o.type)).toEqual(["message", "function_call", "function_call"]);
    expect(body.output[0]?.content?.[0]?.text).toBe("I'll check the current weather in both cities for you.");
    expect(body.output.slice(1).map((o) => [o.call_id, o.name, JSON.parse(o.arguments ?? "")])).toEqual([
      ["toolu_01A09q90qw90lq917835lq9", "get_weather", { location: "San Francisco, CA", unit: "celsius" }],
      ["toolu_01B12r81rx81mr828946mr0", "get_weather", { location: "New York, NY", unit: "celsius" }],
    ]);
    expect(body.usage).toMatchObject({ input_tokens: 472, output_tokens: 121, total_tokens: 593 });
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 472)).toMatchObject({
      prompt_tokens: 472,
      completion_tokens: 121,
    });
  });

  it("streams Gemini's answer as Responses events: text deltas, function calls, then response.completed", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await responses(secret_key, {
      model: "gemini/gemini-2.5-flash",
      input: `London and Paris? tag:${tag} fixture:function-call`,
      tools: [{ type: "function", name: "get_current_temperature", parameters: WEATHER_PARAMETERS }],
      text: { format: { type: "json_object" } },
      stream: true,
    });
    const raw = await res.text();
    expect(res.status, raw).toBe(200);
    const events = ssePayloads(raw).map(
      (p) =>
        JSON.parse(p) as {
          type: string;
          sequence_number: number;
          delta?: string;
          response?: { output: Output; usage: { input_tokens: number } };
        },
    );
    expect((await sentBody(tag)).generationConfig).toMatchObject({ responseMimeType: "application/json" });
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1)?.response;
    expect(completed?.output.map((o) => o.arguments ?? o.content?.[0]?.text)).toEqual([
      "Checking both cities.",
      '{"location":"London"}',
      '{"location":"Paris"}',
    ]);
    expect(completed?.usage.input_tokens).toBe(58);
  });

  it("passes the chat stream's heartbeat on while the provider is silent", async () => {
    const { secret_key } = await provision();
    const res = await responses(secret_key, {
      model: "anthropic/claude-sonnet-4-5",
      input: "hi behave:pause",
      stream: true,
    });
    const raw = await res.text();
    expect(raw).toContain(": keep-alive\n\n");
    expect(
      ssePayloads(raw)
        .map((p) => JSON.parse(p).type)
        .at(-1),
    ).toBe("response.incomplete");
  });

  it("refuses what only OpenAI's stateful Responses API can do, naming the field, before any upstream call", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const stateful = await expectError(
      await responses(secret_key, {
        model: "anthropic/claude-sonnet-4-5",
        input: `hi tag:${tag}`,
        store: true,
      }),
      400,
      "invalid_request",
    );
    expect(stateful).toMatch(/^store: only providers that speak the Responses API natively/);
    const p = await provision({ allowed_builtin_tools: ["web_search"] });
    const builtin = await expectError(
      await responses(p.secret_key, {
        model: "gemini/gemini-2.5-flash",
        input: `hi tag:${tag}`,
        tools: [{ type: "web_search" }],
      }),
      400,
      "invalid_request",
    );
    expect(builtin).toMatch(/^tools\.0\.type: "web_search" is a built-in tool/);
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("serves the mock offline: the OpenAI SDK's responses.create and the AI SDK's default openai(model) with a tool", async () => {
    const { secret_key } = await provision();
    const client = new OpenAI({ apiKey: secret_key, baseURL: `${BASE}/api/v1`, fetch: workerFetch, maxRetries: 0 });
    const response = await client.responses.create({ model: "mock/echo", input: "Hello from Responses" });
    expect(response.output_text).toBe("Hello from Responses");

    const provider = createOpenAI({ apiKey: secret_key, baseURL: `${BASE}/api/v1`, fetch: workerFetch });
    const ran: string[] = [];
    const result = streamText({
      model: provider("mock/echo"),
      prompt: "Weather in Paris",
      tools: {
        get_weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            ran.push(city);
            return `Cloudy in ${city}`;
          },
        }),
      },
      stopWhen: stepCountIs(2),
    });
    expect(await result.text).toBe("Cloudy in Weather in Paris");
    expect(ran).toEqual(["Weather in Paris"]);
  });
});
