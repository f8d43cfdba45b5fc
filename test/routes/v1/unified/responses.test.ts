import { describe, expect, it } from "vitest";
import { admin, ai, expectError, expectStatus, provision } from "../../../helpers/api";
import { usageOf } from "../../../helpers/module-usage";
import { newTag, sentBody, ssePayloads, upstreamRequests } from "../../../helpers/upstream";
import { WEATHER_DESCRIPTION, WEATHER_PARAMETERS } from "../../../helpers/weather-tool";

const responses = (key: string, body: Record<string, unknown>) =>
  ai("/api/v1/responses", key, { method: "POST", body });

const FUNCTION_TOOL = {
  type: "function",
  name: "get_weather",
  description: WEATHER_DESCRIPTION,
  parameters: WEATHER_PARAMETERS,
  strict: true,
};

describe("POST /responses", () => {
  it("forwards the body to OpenAI's /responses with the key's cap as max_output_tokens and counts usage", async () => {
    const p = await provision({ max_output_tokens: 200 });
    const tag = newTag();
    const request = {
      model: "openai/gpt-4o-mini",
      input: `Tell me a three sentence bedtime story about a unicorn. tag:${tag}`,
      instructions: "Be gentle.",
      max_output_tokens: 5000,
      store: false,
      metadata: { host: "shop.example.com" },
      reasoning: { effort: "low" },
    };
    const body = await expectStatus<{ object: string; model: string; output: unknown[] }>(
      await responses(p.secret_key, request),
      200,
    );
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/openai/v1/responses");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      ...request,
      model: "gpt-4o-mini",
      max_output_tokens: 200,
      stream: false,
    });
    expect(body.object).toBe("response");
    expect(body.model).toBe("openai/gpt-4o-mini");
    expect(body.output).toHaveLength(1);
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 36)).toMatchObject({
      prompt_tokens: 36,
      completion_tokens: 87,
    });
  });

  it("relays the event stream with a function call and counts the usage of response.completed", async () => {
    const p = await provision();
    const tag = newTag();
    const res = await responses(p.secret_key, {
      model: "openai/gpt-4o-mini",
      input: [{ role: "user", content: `What's the weather in Paris? tag:${tag}` }],
      tools: [FUNCTION_TOOL],
      stream: true,
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const events = ssePayloads(await res.text())
      .filter((p) => p !== "[DONE]")
      .map((p) => JSON.parse(p) as { type: string; delta?: string; response?: { model: string } });
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(
      events
        .filter((e) => e.delta)
        .map((e) => e.delta)
        .join(""),
    ).toBe('{"location":"Paris, France"}');
    expect(events.at(-1)?.response?.model).toBe("openai/gpt-4o-mini");
    expect((await sentBody(tag)).tools).toEqual([FUNCTION_TOOL]);
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 57)).toMatchObject({
      prompt_tokens: 57,
      completion_tokens: 18,
    });
  });

  it("refuses a billed built-in tool unless the key's allowed_builtin_tools lists it", async () => {
    const p = await provision();
    const tag = newTag();
    const request = {
      model: "openai/gpt-4o-mini",
      input: `news tag:${tag}`,
      tools: [{ type: "web_search_preview" }, FUNCTION_TOOL],
    };
    const message = await expectError(await responses(p.secret_key, request), 403, "endpoint_not_allowed");
    expect(message).toMatch(/^tools\.0\.type: web_search is a built-in tool billed by the provider/);
    expect(await upstreamRequests(tag)).toEqual([]);

    const patched = await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, {
        method: "PATCH",
        body: { allowed_builtin_tools: ["web_search"] },
      }),
      200,
    );
    expect(patched.allowed_builtin_tools).toEqual(["web_search"]);
    await expectStatus(await responses(p.secret_key, request), 200);
    const other = { ...request, tools: [{ type: "code_interpreter", container: { type: "auto" } }] };
    expect(await expectError(await responses(p.secret_key, other), 403, "endpoint_not_allowed")).toMatch(
      /^tools\.0\.type: code_interpreter/,
    );
  });

  it("applies the model allowlist and refuses transport fields and background mode", async () => {
    const { secret_key } = await provision({ allowed_models: ["openai/gpt-4o"] });
    await expectError(
      await responses(secret_key, { model: "openai/gpt-4o-mini", input: "hi" }),
      403,
      "model_not_allowed",
    );
    await expectError(
      await responses(secret_key, { model: "openai/gpt-4o", input: "hi", base_url: "http://x" }),
      400,
      "invalid_request",
    );
    const message = await expectError(
      await responses(secret_key, { model: "openai/gpt-4o", input: "hi", background: true }),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^background: /);
  });
});
