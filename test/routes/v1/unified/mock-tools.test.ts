import { describe, expect, it } from "vitest";
import { expectStatus, provision } from "../../../helpers/api";
import { chat, ssePayloads, streamedText, streamedToolCalls } from "../../../helpers/upstream";

const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" } },
      required: ["city"],
    },
  },
};

type Completion = {
  choices: Array<{
    message: {
      content: string | null;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
    };
    finish_reason: string;
  }>;
};

describe("the mock provider answers with tool calls, offline", () => {
  it("calls the offered tool with arguments built from the user's text, then echoes the tool's result", async () => {
    const { secret_key } = await provision();
    const messages: Array<Record<string, unknown>> = [{ role: "user", content: "Weather in Paris" }];
    const first = await expectStatus<Completion>(
      await chat(secret_key, { model: "mock/echo", messages, tools: [WEATHER] }),
      200,
    );
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.choices[0]?.message.content).toBeNull();
    expect(call?.function).toEqual({ name: "get_weather", arguments: '{"city":"Weather in Paris","days":3}' });
    expect(call?.id).toMatch(/^call_mock_/);

    messages.push({ role: "assistant", content: null, tool_calls: [{ ...call, type: "function" }] });
    messages.push({ role: "tool", tool_call_id: call?.id, content: "Sunny, 24 degrees" });
    const second = await expectStatus<Completion>(
      await chat(secret_key, { model: "mock/echo", messages, tools: [WEATHER] }),
      200,
    );
    expect(second.choices[0]?.message.content).toBe("Sunny, 24 degrees");
    expect(second.choices[0]?.finish_reason).toBe("stop");
  });

  it("streams the tool call as OpenAI deltas: id and name first, then argument fragments", async () => {
    const { secret_key } = await provision();
    const res = await chat(secret_key, {
      model: "mock/echo",
      stream: true,
      messages: [{ role: "user", content: "Weather in Paris" }],
      tools: [WEATHER],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const payloads = ssePayloads(await res.text());
    const { calls, fragments, finish } = streamedToolCalls(payloads);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe("get_weather");
    expect(JSON.parse(calls[0]?.arguments ?? "")).toEqual({ city: "Weather in Paris", days: 3 });
    expect(fragments).toBe(4);
    expect(finish).toBe("tool_calls");
    expect(streamedText(payloads)).toBe("");
    expect(payloads.at(-1)).toBe("[DONE]");
  });

  it("answers in text when tool_choice is none", async () => {
    const { secret_key } = await provision();
    const body = await expectStatus<Completion>(
      await chat(secret_key, {
        model: "mock/echo",
        messages: [{ role: "user", content: "just talk" }],
        tools: [WEATHER],
        tool_choice: "none",
      }),
      200,
    );
    expect(body.choices[0]?.message).toEqual({ role: "assistant", content: "just talk" });
  });

  it("answers response_format with JSON that fits the schema, and json_object with the text", async () => {
    const { secret_key } = await provision();
    const schema = {
      type: "object",
      properties: {
        title: { type: "string" },
        words: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
        mood: { enum: ["calm", "busy"] },
        meta: { type: "object", properties: { ok: { type: "boolean" } } },
      },
    };
    const format = { type: "json_schema", json_schema: { name: "note", schema, strict: true } };
    const body = await expectStatus<Completion>(
      await chat(secret_key, {
        model: "mock/echo",
        messages: [{ role: "user", content: "two words" }],
        response_format: format,
      }),
      200,
    );
    expect(JSON.parse(body.choices[0]?.message.content ?? "")).toEqual({
      title: "two words",
      words: 2,
      tags: ["two words"],
      mood: "calm",
      meta: { ok: true },
    });
    const plain = await expectStatus<Completion>(
      await chat(secret_key, {
        model: "mock/echo",
        stream: false,
        messages: [{ role: "user", content: "hi" }],
        response_format: { type: "json_object" },
      }),
      200,
    );
    expect(JSON.parse(plain.choices[0]?.message.content ?? "")).toEqual({ text: "hi" });
  });
});
