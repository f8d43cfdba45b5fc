// Bundled by esbuild into the test page: the official OpenAI SDK and the Vercel AI SDK as a web
// page on another origin would use them, streaming a tool call through the gateway's mock provider.
import { createOpenAI } from "@ai-sdk/openai";
import { stepCountIs, streamText, tool } from "ai";
import OpenAI from "openai";
import { z } from "zod";

const WEATHER = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Get the weather for a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

/** The OpenAI SDK: a streamed turn that calls the tool, then a streamed turn answering from its result. */
async function runOpenAi(gatewayUrl: string, apiKey: string) {
  const client = new OpenAI({ apiKey, baseURL: `${gatewayUrl}/api/v1`, dangerouslyAllowBrowser: true, maxRetries: 0 });
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Paris" }];
  let argumentDeltas = 0;
  const first = client.chat.completions.stream({ model: "mock/echo", messages, tools: [WEATHER] });
  first.on("tool_calls.function.arguments.delta", () => argumentDeltas++);
  const called = await first.finalChatCompletion();
  const call = called.choices[0]?.message.tool_calls?.[0];
  if (call?.type !== "function") throw new Error("no tool call");
  messages.push(called.choices[0]?.message as OpenAI.Chat.ChatCompletionMessageParam);
  messages.push({
    role: "tool",
    tool_call_id: call.id,
    content: `Sunny in ${JSON.parse(call.function.arguments).city}`,
  });
  let text = "";
  const second = client.chat.completions.stream({ model: "mock/echo", messages, tools: [WEATHER] });
  second.on("content.delta", ({ delta }) => {
    text += delta;
  });
  await second.finalChatCompletion();
  return {
    finish: called.choices[0]?.finish_reason,
    name: call.function.name,
    arguments: JSON.parse(call.function.arguments),
    argumentDeltas,
    text,
  };
}

/** The Vercel AI SDK: streamText with a tool it executes, then the model's answer from the result. */
async function runAiSdk(gatewayUrl: string, apiKey: string) {
  const provider = createOpenAI({ apiKey, baseURL: `${gatewayUrl}/api/v1` });
  const parts: string[] = [];
  const result = streamText({
    model: provider.chat("mock/echo"),
    prompt: "Weather in Paris",
    tools: {
      get_weather: tool({
        description: "Get the weather for a city.",
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => `Rainy in ${city}`,
      }),
    },
    stopWhen: stepCountIs(2),
  });
  for await (const part of result.fullStream) {
    if (part.type === "error") throw part.error;
    parts.push(part.type);
  }
  const steps = await result.steps;
  return {
    parts,
    toolCalls: steps.flatMap((s) => s.toolCalls.map((c) => ({ name: c.toolName, input: c.input }))),
    text: await result.text,
  };
}

Object.assign(window, { runOpenAi, runAiSdk });
document.body.dataset.ready = "true";
