import { z } from "@hono/zod-openapi";
import { PublicModelId } from "./chat";
import { findTransportField, TRANSPORT_FIELD_MESSAGE } from "./transport-fields";

/**
 * OpenAI's Responses API request. The fields below are checked (policy reads them); every other
 * field goes to the provider unchanged.
 */
export const ResponsesBody = z
  .looseObject({
    model: PublicModelId,
    input: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]).optional(),
    instructions: z.string().nullable().optional(),
    stream: z.boolean().default(false),
    max_output_tokens: z.number().int("must be an integer").min(1, "must be at least 1").nullable().optional(),
    tools: z
      .array(z.looseObject({ type: z.string().min(1) }))
      .max(128)
      .optional(),
    background: z.boolean().nullable().optional(),
  })
  .superRefine((body, ctx) => {
    const transport = findTransportField(body);
    if (transport) ctx.addIssue({ code: "custom", path: transport, message: TRANSPORT_FIELD_MESSAGE });
    if (body.background === true) {
      ctx.addIssue({
        code: "custom",
        path: ["background"],
        message: "background responses are not supported: the gateway counts usage from the answer it relays",
      });
    }
  })
  .openapi("ResponsesRequest");

export type ResponsesInput = z.infer<typeof ResponsesBody>;

export const ResponseObject = z
  .looseObject({
    id: z.string(),
    object: z.literal("response"),
    model: z.string(),
    output: z.array(z.record(z.string(), z.unknown())),
    usage: z
      .looseObject({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() })
      .nullable()
      .optional(),
  })
  .openapi("Response");

export const ResponsesStream = z.string().openapi({
  description:
    "With `stream: true`: the Responses API's server-sent events (`response.created`, `response.output_text.delta`, `response.function_call_arguments.delta`, …, `response.completed`), each `data:` a JSON event with its `type`.",
});
