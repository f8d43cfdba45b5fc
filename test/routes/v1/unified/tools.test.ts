import { describe, expect, it } from "vitest";
import { expectStatus, provision } from "../../../helpers/api";
import { chat, newTag, sentBody, ssePayloads, streamedText, streamedToolCalls } from "../../../helpers/upstream";
import { WEATHER_DESCRIPTION, WEATHER_PARAMETERS } from "../../../helpers/weather-tool";

const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    description: WEATHER_DESCRIPTION,
    parameters: WEATHER_PARAMETERS,
    strict: true,
  },
};

type Completion = {
  choices: Array<{
    message: {
      content: string | null;
      tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
    };
    finish_reason: string;
  }>;
};

/** A turn that asks for tools, with the fake upstream told which recorded tool-call payload to answer. */
const ask = (model: string, tag: string, fixture: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: "user", content: `Weather in Paris and Bogotá? tag:${tag} fixture:${fixture}` }],
  tools: [WEATHER],
  ...extra,
});

/** A multi-turn history: the assistant called two tools in parallel and both answered. */
const history = (model: string, tag: string) => ({
  model,
  tools: [WEATHER],
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: `Weather in Paris and Bogotá? tag:${tag}` },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"location":"Paris, France"}' },
        },
        {
          id: "call_2",
          type: "function",
          function: { name: "get_weather", arguments: '{"location":"Bogotá, Colombia"}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "call_1", content: "14°C" },
    { role: "tool", tool_call_id: "call_2", content: '{"temperature":18}' },
  ],
});

const OPENAI_WIRE = ["openai/gpt-4o-mini", "groq/llama-3.3-70b-versatile", "openrouter/openrouter/auto"];

describe("tools on /chat/completions, OpenAI wire (openai and the OpenAI-wire vendors)", () => {
  for (const model of OPENAI_WIRE) {
    it(`forwards tools, tool_choice and parallel_tool_calls unchanged and answers parallel tool calls (${model})`, async () => {
      const { secret_key } = await provision();
      const tag = newTag();
      const choice = { type: "function", function: { name: "get_weather" } };
      const body = await expectStatus<Completion>(
        await chat(secret_key, ask(model, tag, "tool-calls", { tool_choice: choice, parallel_tool_calls: true })),
        200,
      );
      const sent = await sentBody(tag);
      expect(sent.tools).toEqual([WEATHER]);
      expect(sent.tool_choice).toEqual(choice);
      expect(sent.parallel_tool_calls).toBe(true);
      expect(body.choices[0]?.finish_reason).toBe("tool_calls");
      expect(body.choices[0]?.message.content).toBeNull();
      expect(
        body.choices[0]?.message.tool_calls?.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
      ).toEqual([
        ["call_12345xyz", "get_weather", { location: "Paris, France" }],
        ["call_67890abc", "get_weather", { location: "Bogotá, Colombia" }],
      ]);
    });
  }

  for (const model of OPENAI_WIRE) {
    it(`streams tool-call deltas through with their index, id, name and argument fragments (${model})`, async () => {
      const { secret_key } = await provision();
      const tag = newTag();
      const res = await chat(secret_key, ask(model, tag, "tool-calls", { stream: true }));
      expect(res.status).toBe(200);
      const payloads = ssePayloads(await res.text());
      const { calls, fragments, finish } = streamedToolCalls(payloads);
      expect(calls).toEqual([
        { id: "call_12345xyz", name: "get_weather", arguments: '{"location":"Paris, France"}' },
        { id: "call_67890abc", name: "get_weather", arguments: '{"location":"Bogotá, Colombia"}' },
      ]);
      expect(fragments).toBe(5);
      expect(finish).toBe("tool_calls");
      expect(payloads.at(-1)).toBe("[DONE]");
    });

    it(`forwards a history with assistant tool_calls and tool messages with tool_call_id, unchanged (${model})`, async () => {
      const { secret_key } = await provision();
      const tag = newTag();
      const request = history(model, tag);
      await expectStatus(await chat(secret_key, request), 200);
      expect((await sentBody(tag)).messages).toEqual(request.messages);
    });
  }
});

describe("tools on /chat/completions, translated for Anthropic", () => {
  it("sends tools as input_schema tools, required as tool_choice any, parallel_tool_calls false as disable_parallel_tool_use", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(
      await chat(
        secret_key,
        ask("anthropic/claude-sonnet-4-5", tag, "tool-use", { tool_choice: "required", parallel_tool_calls: false }),
      ),
      200,
    );
    const sent = await sentBody(tag);
    expect(sent.tools).toEqual([
      {
        name: "get_weather",
        description: "Get current temperature for a given location.",
        input_schema: WEATHER.function.parameters,
        strict: true,
      },
    ]);
    expect(sent.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    const choice = body.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBe("I'll check the current weather in both cities for you.");
    expect(choice?.message.tool_calls).toEqual([
      {
        id: "toolu_01A09q90qw90lq917835lq9",
        type: "function",
        function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
      },
      {
        id: "toolu_01B12r81rx81mr828946mr0",
        type: "function",
        function: { name: "get_weather", arguments: '{"location":"New York, NY","unit":"celsius"}' },
      },
    ]);
  });

  it("streams tool_use blocks and input_json_delta as OpenAI tool-call deltas, two calls in parallel", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(
      secret_key,
      ask("anthropic/claude-sonnet-4-5", tag, "tool-use", { stream: true, tool_choice: "auto" }),
    );
    const payloads = ssePayloads(await res.text());
    expect((await sentBody(tag)).tool_choice).toEqual({ type: "auto" });
    expect(streamedText(payloads)).toBe("Okay, let's check the weather for both cities:");
    const { calls, fragments, finish } = streamedToolCalls(payloads);
    expect(calls).toEqual([
      { id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "San Francisco, CA"}' },
      { id: "toolu_01U2y2gK45rBnl3uOUsO8Vq7", name: "get_weather", arguments: '{"location": "New York, NY"}' },
    ]);
    expect(fragments).toBe(2 + 5 + 1); // one head per call, then each non-empty partial_json
    expect(finish).toBe("tool_calls");
    expect(payloads.at(-1)).toBe("[DONE]");
  });

  it("translates a history with tool calls and results to tool_use and tool_result blocks", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(
      await chat(secret_key, { ...history("anthropic/claude-sonnet-4-5", tag), tool_choice: "none" }),
      200,
    );
    const sent = await sentBody(tag);
    expect(sent.system).toBe("Be brief.");
    expect(sent.tool_choice).toEqual({ type: "none" });
    expect(sent.messages).toEqual([
      { role: "user", content: `Weather in Paris and Bogotá? tag:${tag}` },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Paris, France" } },
          { type: "tool_use", id: "call_2", name: "get_weather", input: { location: "Bogotá, Colombia" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "14°C" },
          { type: "tool_result", tool_use_id: "call_2", content: '{"temperature":18}' },
        ],
      },
    ]);
  });
});

describe("tools on /chat/completions, translated for Gemini", () => {
  it("sends functionDeclarations with the JSON Schema and a named tool_choice as ANY with allowedFunctionNames", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const choice = { type: "function", function: { name: "get_weather" } };
    const body = await expectStatus<Completion>(
      await chat(secret_key, ask("gemini/gemini-2.5-flash", tag, "function-call", { tool_choice: choice })),
      200,
    );
    const sent = await sentBody(tag);
    expect(sent.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Get current temperature for a given location.",
            parametersJsonSchema: WEATHER.function.parameters,
          },
        ],
      },
    ]);
    expect(sent.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } });
    const message = body.choices[0]?.message;
    expect(body.choices[0]?.finish_reason).toBe("tool_calls");
    expect(message?.content).toBeNull();
    expect(message?.tool_calls?.map((c) => [c.type, c.function.name, c.function.arguments])).toEqual([
      ["function", "get_current_temperature", '{"location":"London"}'],
      ["function", "get_current_temperature", '{"location":"Paris"}'],
    ]);
    const ids = message?.tool_calls?.map((c) => c.id) ?? [];
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^call_[0-9a-f]{32}$/);
  });

  it("streams each functionCall as one tool-call delta, parallel calls with their own index", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(
      secret_key,
      ask("gemini/gemini-2.5-flash", tag, "function-call", { stream: true, tool_choice: "required" }),
    );
    const payloads = ssePayloads(await res.text());
    expect((await sentBody(tag)).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(streamedText(payloads)).toBe("Checking both cities.");
    const { calls, fragments, finish } = streamedToolCalls(payloads);
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ["get_current_temperature", '{"location":"London"}'],
      ["get_current_temperature", '{"location":"Paris"}'],
    ]);
    expect(fragments).toBe(2);
    expect(finish).toBe("tool_calls");
  });

  it("translates a history to functionCall and functionResponse parts, each response named after its call", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(await chat(secret_key, history("gemini/gemini-2.5-flash", tag)), 200);
    const sent = await sentBody(tag);
    expect(sent.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
    expect(sent.contents).toEqual([
      { role: "user", parts: [{ text: `Weather in Paris and Bogotá? tag:${tag}` }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "get_weather", args: { location: "Paris, France" } } },
          { functionCall: { name: "get_weather", args: { location: "Bogotá, Colombia" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "get_weather", response: { content: "14°C" } } },
          { functionResponse: { name: "get_weather", response: { temperature: 18 } } },
        ],
      },
    ]);
  });
});
