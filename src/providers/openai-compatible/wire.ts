/** OpenAI Chat Completions wire types, as far as the gateway writes and reads them. */
export type OpenAiWireRequest = {
  model: string;
  messages: unknown[];
  max_tokens?: number;
  max_completion_tokens?: number;
  stream: boolean;
  stream_options?: Record<string, unknown>;
  [extra: string]: unknown;
};

export type OpenAiWireUsage = { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };

export type OpenAiWireResponse = {
  id?: string;
  created?: number;
  choices?: Array<{
    index?: number;
    message?: { content?: string | null; [extra: string]: unknown };
    finish_reason?: string | null;
    [extra: string]: unknown;
  }>;
  usage?: OpenAiWireUsage | null;
  [extra: string]: unknown;
};

export type OpenAiWireChunk = {
  id?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: Record<string, unknown>;
    finish_reason?: string | null;
  }>;
  usage?: OpenAiWireUsage | null;
};

/** Which field a vendor reads the output cap from. */
export type MaxTokensField = "max_tokens" | "max_completion_tokens";
