import { z } from "@hono/zod-openapi";

const TextPart = z.looseObject({ type: z.literal("text"), text: z.string() });

/** An image by https URL or inline `data:` base64; http and other schemes never leave the gateway. */
const ImageUrl = z
  .string()
  .refine((url) => /^https:\/\/[^\s]+$/i.test(url) || /^data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+$/.test(url), {
    message: "must be an https:// URL or a data:<mime type>;base64,<data> URL",
  });

const ImagePart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: ImageUrl, detail: z.enum(["auto", "low", "high"]).optional() }),
});

const AudioPart = z.looseObject({
  type: z.literal("input_audio"),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});

const FilePart = z.looseObject({
  type: z.literal("file"),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});

const RefusalPart = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

/** A user's content part: text, image, audio or file, as OpenAI's Chat Completions defines them. */
export const UserPart = z.discriminatedUnion("type", [TextPart, ImagePart, AudioPart, FilePart]);

export const ToolCall = z.looseObject({
  id: z.string().min(1, "must be the id the assistant gave the call"),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const Name = z.string().max(64).optional();
const TextContent = z.union([z.string(), z.array(TextPart).min(1)]);

const SystemMessage = z.looseObject({ role: z.enum(["system", "developer"]), content: TextContent, name: Name });
const UserMessage = z.looseObject({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(UserPart).min(1)]),
  name: Name,
});
const AssistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [TextPart, RefusalPart])), z.null()]).optional(),
  name: Name,
  tool_calls: z.array(ToolCall).optional(),
  refusal: z.string().nullable().optional(),
});
const ToolMessage = z.looseObject({
  role: z.literal("tool"),
  content: TextContent,
  tool_call_id: z.string().min(1, "must be the id of the assistant tool call this answers"),
});

/** One message of OpenAI's chat, every role and field a current client sends. */
export const ChatMessage = z
  .discriminatedUnion("role", [SystemMessage, UserMessage, AssistantMessage, ToolMessage])
  .openapi("ChatMessage", {
    description:
      "OpenAI chat message: system/developer, user (text, image_url, input_audio, file parts), assistant (content, tool_calls), tool (tool_call_id).",
  });

export type ChatMessageInput = z.infer<typeof ChatMessage>;
export type UserPartInput = z.infer<typeof UserPart>;
export type ToolCallInput = z.infer<typeof ToolCall>;
