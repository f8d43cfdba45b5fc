/** Anthropic Messages API wire types, as far as the gateway writes and reads them. */
export type AnthropicTextBlock = { type: "text"; text: string };
export type AnthropicImageBlock = {
  type: "image";
  source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
};
export type AnthropicToolUseBlock = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
export type AnthropicToolResultBlock = { type: "tool_result"; tool_use_id: string; content: string };
export type AnthropicBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

export type AnthropicMessage = { role: "user" | "assistant"; content: string | AnthropicBlock[] };

export type AnthropicTool = {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
};

export type AnthropicToolChoice = {
  type: "auto" | "any" | "none" | "tool";
  name?: string;
  disable_parallel_tool_use?: boolean;
};

export type AnthropicRequest = {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  stream?: boolean;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  /** Structured outputs (GA): the answer's text is JSON matching the schema. */
  output_config?: { format: { type: "json_schema"; schema: Record<string, unknown> } };
  metadata?: { user_id: string };
};

export type AnthropicUsage = { input_tokens?: number; output_tokens?: number };

export type AnthropicResponse = {
  id?: string;
  type?: string;
  content?: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason?: string | null;
  usage?: AnthropicUsage;
};

/** The stream events the gateway translates; others (ping, content_block_stop) carry nothing it needs. */
export type AnthropicStreamEvent =
  | { type: "message_start"; message: { id?: string; usage?: AnthropicUsage } }
  | {
      type: "content_block_start";
      index: number;
      content_block: { type: string; id?: string; name?: string; text?: string };
    }
  | { type: "content_block_delta"; index: number; delta: { type: string; text?: string; partial_json?: string } }
  | { type: "message_delta"; delta: { stop_reason?: string | null }; usage?: AnthropicUsage }
  | { type: "message_stop" }
  | { type: "error"; error: { type?: string; message?: string } }
  | { type: "ping" | "content_block_stop" };

export const ANTHROPIC_VERSION = "2023-06-01";
