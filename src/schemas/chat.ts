import { z } from "@hono/zod-openapi";
import { ChatMessage } from "./chat-message";
import { ResponseFormat, Tool, ToolChoice } from "./chat-tools";
import { parametersProblem, schemaProblem } from "./json-schema-shape";
import { findTransportField, TRANSPORT_FIELD_MESSAGE } from "./transport-fields";

const Tokens = z.number().int("must be an integer").min(1, "must be at least 1").nullable().optional();

/** `provider/model`, shared by every AI route. */
export const PublicModelId = z
  .string()
  .regex(/^[a-z0-9-]{1,63}\/[A-Za-z0-9._:/@-]{1,200}$/, "must be `provider/model`, e.g. openai/gpt-4o-mini")
  .openapi({ example: "openai/gpt-4o-mini" });

/**
 * OpenAI's Chat Completions request. The fields below are checked; any other field passes to
 * OpenAI-wire providers unchanged, and a translated provider refuses one it cannot honour.
 */
export const ChatCompletionBody = z
  .looseObject({
    model: PublicModelId,
    messages: z.array(ChatMessage).min(1, "must hold at least one message"),
    stream: z.boolean().default(false),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: Tokens,
    max_completion_tokens: Tokens,
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    user: z.string().max(256).optional(),
    n: z.number().int("must be an integer").min(1).max(128).nullable().optional(),
    tools: z.array(Tool).max(128).optional(),
    tool_choice: ToolChoice.optional(),
    parallel_tool_calls: z.boolean().nullable().optional(),
    response_format: ResponseFormat.optional(),
  })
  .superRefine((body, ctx) => {
    const transport = findTransportField(body);
    if (transport) ctx.addIssue({ code: "custom", path: transport, message: TRANSPORT_FIELD_MESSAGE });
    for (const [i, tool] of (body.tools ?? []).entries()) {
      if (tool.type !== "function" || tool.function.parameters === undefined) continue;
      const problem = parametersProblem(tool.function.parameters);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: ["tools", i, "function", "parameters", ...problem.path],
          message: problem.message,
        });
      }
    }
    const format = body.response_format;
    if (format?.type === "json_schema" && format.json_schema.schema !== undefined) {
      const problem = schemaProblem(format.json_schema.schema);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: ["response_format", "json_schema", "schema", ...problem.path],
          message: problem.message,
        });
      }
    }
    const choice = body.tool_choice;
    if (choice !== undefined && choice !== "none" && !body.tools?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["tool_choice"],
        message: "needs tools: name the tools the model may call",
      });
    }
    if (typeof choice === "object" && (choice.type === "function" || choice.type === "custom")) {
      const name = choice.type === "function" ? choice.function.name : choice.custom.name;
      const known = (body.tools ?? []).some((t) => (t.type === "function" ? t.function.name : t.custom.name) === name);
      if (!known && body.tools?.length) {
        ctx.addIssue({
          code: "custom",
          path: ["tool_choice", choice.type, "name"],
          message: `no tool named "${name}" in tools`,
        });
      }
    }
  })
  .openapi("ChatCompletionRequest");

export type ChatCompletionInput = z.infer<typeof ChatCompletionBody>;

export const TokenUsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

const AnswerToolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const ChatCompletionSchema = z
  .looseObject({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number(),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: z.number(),
        message: z.looseObject({
          role: z.literal("assistant"),
          content: z.string().nullable(),
          tool_calls: z.array(AnswerToolCall).optional(),
        }),
        finish_reason: z.enum(["stop", "length", "content_filter", "tool_calls"]).nullable(),
      }),
    ),
    usage: TokenUsageSchema.optional(),
  })
  .openapi("ChatCompletion");

export const ChatCompletionStream = z.string().openapi({
  description:
    "With `stream: true`: server-sent events, each `data:` an OpenAI `chat.completion.chunk` (tool calls as `delta.tool_calls` fragments), ending with `data: [DONE]`.",
});
