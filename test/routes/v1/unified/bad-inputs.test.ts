import { describe, expect, it } from "vitest";
import { expectError, provision } from "../../../helpers/api";
import { chat, newTag, upstreamRequests } from "../../../helpers/upstream";

const tool = (parameters: unknown, name = "lookup") => ({ type: "function", function: { name, parameters } });
const body = (tag: string, extra: Record<string, unknown>, model = "openai/gpt-4o-mini") => ({
  model,
  messages: [{ role: "user", content: `hi tag:${tag}` }],
  ...extra,
});

/** Sends a bad request and returns the 400 message, checking nothing reached the provider. */
async function refused(extra: Record<string, unknown>, model?: string): Promise<string> {
  const { secret_key } = await provision();
  const tag = newTag();
  const message = await expectError(await chat(secret_key, body(tag, extra, model)), 400, "invalid_request");
  expect(await upstreamRequests(tag)).toEqual([]);
  return message;
}

describe("bad tool inputs on /chat/completions are 400s naming the field", () => {
  it("a tool whose parameters are not an object schema", async () => {
    expect(await refused({ tools: [tool({ type: "array", items: { type: "string" } })] })).toMatch(
      /^tools\.0\.function\.parameters\.type: must be "object"/,
    );
  });

  it("a tool whose schema has a property of no JSON type", async () => {
    expect(await refused({ tools: [tool({ type: "object", properties: { q: { type: "str" } } })] })).toMatch(
      /^tools\.0\.function\.parameters\.properties\.q\.type: must be one of/,
    );
  });

  it("a tool whose schema requires an undeclared property", async () => {
    expect(await refused({ tools: [tool({ type: "object", properties: {}, required: ["q"] })] })).toBe(
      'tools.0.function.parameters.required: names "q", which is not in properties',
    );
  });

  it("a tool name providers reject", async () => {
    expect(await refused({ tools: [tool({ type: "object" }, "look up!")] })).toMatch(
      /^tools\.0\.function\.name: must be 1-64/,
    );
  });

  it("an unknown tool_choice", async () => {
    expect(await refused({ tools: [tool({ type: "object" })], tool_choice: "sometimes" })).toMatch(/^tool_choice: /);
  });

  it("a tool_choice naming a tool that is not in tools", async () => {
    const choice = { type: "function", function: { name: "other" } };
    expect(await refused({ tools: [tool({ type: "object" })], tool_choice: choice })).toBe(
      'tool_choice.function.name: no tool named "other" in tools',
    );
  });

  it("a tool_choice without tools", async () => {
    expect(await refused({ tool_choice: "required" })).toBe(
      "tool_choice: needs tools: name the tools the model may call",
    );
  });

  it("a tool message without tool_call_id", async () => {
    const messages = [{ role: "tool", content: "42" }];
    expect(await refused({ messages })).toBe("messages.0.tool_call_id: is required");
  });

  it("tool call arguments that are not a JSON object, for a provider that needs them parsed", async () => {
    const messages = [
      { role: "user", content: "hi" },
      {
        role: "assistant",
        tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: "{oops" } }],
      },
      { role: "tool", tool_call_id: "c1", content: "42" },
    ];
    expect(await refused({ messages, tools: [tool({ type: "object" })] }, "anthropic/claude-sonnet-4-5")).toMatch(
      /^messages\.1\.tool_calls\.0\.function\.arguments: must be a JSON object encoded as a string/,
    );
  });

  it("a tool result answering no earlier call, for Gemini which names results after their call", async () => {
    const messages = [
      { role: "user", content: "hi" },
      { role: "tool", tool_call_id: "nope", content: "42" },
    ];
    expect(await refused({ messages }, "gemini/gemini-2.5-flash")).toBe(
      'messages.1.tool_call_id: no earlier assistant tool call has the id "nope".',
    );
  });

  it("parallel_tool_calls false for Gemini, which cannot honour it", async () => {
    expect(
      await refused({ tools: [tool({ type: "object" })], parallel_tool_calls: false }, "gemini/gemini-2.5-flash"),
    ).toMatch(/^parallel_tool_calls: gemini cannot/);
  });
});
