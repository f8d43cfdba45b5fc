/** OpenAI Chat Completions wire types, as far as the gateway reads them. */
export type OpenAiWireRequest = {
  model: string;
  messages: Array<{ role: string; content: string; name?: string }>;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  [extra: string]: unknown;
};

export type OpenAiWireUsage = { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };

export type OpenAiWireResponse = {
  id?: string;
  created?: number;
  choices?: Array<{ index?: number; message?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: OpenAiWireUsage | null;
};

export type OpenAiWireChunk = {
  id?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: { role?: string; content?: string | null };
    finish_reason?: string | null;
  }>;
  usage?: OpenAiWireUsage | null;
};

/** Which field a vendor reads the output cap from. */
export type MaxTokensField = "max_tokens" | "max_completion_tokens";
