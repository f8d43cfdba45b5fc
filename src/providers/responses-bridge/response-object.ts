import type { ChatCompletion, FinishReason, TokenUsage } from "../types";

type Item = Record<string, unknown>;

const hex = () => crypto.randomUUID().replaceAll("-", "");

/** Ids in the Responses API's style, so clients that check prefixes are content. */
export const newIds = () => ({ response: `resp_${hex()}`, message: `msg_${hex()}`, call: () => `fc_${hex()}` });

/** Responses usage from token counts (the details are zero: translated providers report none). */
export function responsesUsage(usage: TokenUsage | null) {
  if (!usage) return null;
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** A response object around its output items: completed, or incomplete when the cap cut it. */
export function responseObject(
  id: string,
  publicModel: string,
  output: Item[],
  finish: FinishReason,
  usage: TokenUsage | null,
  status: "in_progress" | "completed" = "completed",
) {
  const incomplete = status === "completed" && finish === "length";
  return {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? "incomplete" : status,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    model: publicModel,
    output,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
    usage: status === "completed" ? responsesUsage(usage) : null,
  };
}

export const messageItem = (id: string, text: string, status = "completed") => ({
  type: "message",
  id,
  status,
  role: "assistant",
  content: status === "completed" ? [{ type: "output_text", text, annotations: [] }] : [],
});

export const functionCallItem = (id: string, callId: string, name: string, args: string, status = "completed") => ({
  type: "function_call",
  id,
  call_id: callId,
  name,
  arguments: args,
  status,
});

/** A chat completion as the Responses API's response object: its text as a message item, its tool calls as function_call items. */
export function fromChatCompletion(completion: ChatCompletion, publicModel: string, usage: TokenUsage | null) {
  const ids = newIds();
  const choice = completion.choices[0];
  const output: Item[] = [];
  const text = choice?.message.content ?? "";
  if (text !== "") output.push(messageItem(ids.message, text));
  for (const call of choice?.message.tool_calls ?? []) {
    output.push(functionCallItem(ids.call(), call.id, call.function.name, call.function.arguments));
  }
  return responseObject(ids.response, publicModel, output, choice?.finish_reason ?? null, usage);
}
