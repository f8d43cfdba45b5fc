import { z } from "@hono/zod-openapi";

const FunctionName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, underscores or dashes (what every provider accepts)");

const JsonSchemaObject = z.record(z.string(), z.unknown());

export const FunctionTool = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: FunctionName,
    description: z.string().optional(),
    parameters: JsonSchemaObject.optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

/** OpenAI's free-form `custom` tools (GPT-5); forwarded to OpenAI-wire providers only. */
const CustomTool = z.looseObject({
  type: z.literal("custom"),
  custom: z.looseObject({ name: FunctionName, description: z.string().optional() }),
});

export const Tool = z.discriminatedUnion("type", [FunctionTool, CustomTool]);

export const ToolChoice = z.union([
  z.enum(["none", "auto", "required"], { message: 'must be "none", "auto", "required" or a named tool' }),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
  z.looseObject({ type: z.literal("custom"), custom: z.looseObject({ name: z.string() }) }),
  z.looseObject({
    type: z.literal("allowed_tools"),
    allowed_tools: z.looseObject({
      mode: z.enum(["auto", "required"]),
      tools: z.array(z.record(z.string(), z.unknown())),
    }),
  }),
]);

export const ResponseFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, underscores or dashes"),
      description: z.string().optional(),
      schema: JsonSchemaObject.optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

export type ToolInput = z.infer<typeof Tool>;
export type FunctionToolInput = z.infer<typeof FunctionTool>;
export type ToolChoiceInput = z.infer<typeof ToolChoice>;
export type ResponseFormatInput = z.infer<typeof ResponseFormat>;
