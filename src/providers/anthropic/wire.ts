/** Anthropic Messages API wire types, as far as the gateway writes and reads them. */
export type AnthropicRequest = {
  model: string;
  max_tokens: number;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  system?: string;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  stream?: boolean;
};

export type AnthropicUsage = { input_tokens?: number; output_tokens?: number };

export type AnthropicResponse = {
  id?: string;
  type?: string;
  content?: Array<{ type: string; text?: string }>;
  stop_reason?: string | null;
  usage?: AnthropicUsage;
};

/** The stream events the gateway translates; others (ping, content_block_start/stop) carry nothing it needs. */
export type AnthropicStreamEvent =
  | { type: "message_start"; message: { id?: string; usage?: AnthropicUsage } }
  | { type: "content_block_delta"; index?: number; delta: { type: string; text?: string } }
  | { type: "message_delta"; delta: { stop_reason?: string | null }; usage?: AnthropicUsage }
  | { type: "message_stop" }
  | { type: "error"; error: { type?: string; message?: string } }
  | { type: "ping" | "content_block_start" | "content_block_stop" };

export const ANTHROPIC_VERSION = "2023-06-01";
