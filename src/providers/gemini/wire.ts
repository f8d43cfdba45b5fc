/** Gemini generateContent wire types, as far as the gateway writes and reads them (REST spellings). */
export type GeminiPart =
  | { text: string }
  | { inline_data: { mime_type: string; data: string } }
  | { file_data: { mime_type: string; file_uri: string } }
  | { functionCall: { name: string; args: Record<string, unknown> } }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export type GeminiContent = { role: "user" | "model"; parts: GeminiPart[] };

export type GeminiFunctionDeclaration = {
  name: string;
  description?: string;
  /** JSON Schema as OpenAI tools carry it (Gemini's `parameters` takes only an OpenAPI subset). */
  parametersJsonSchema?: Record<string, unknown>;
};

export type GeminiRequest = {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: { functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] } };
  generationConfig: {
    maxOutputTokens: number;
    temperature?: number;
    topP?: number;
    stopSequences?: string[];
    seed?: number;
    presencePenalty?: number;
    frequencyPenalty?: number;
    responseMimeType?: "application/json";
    responseJsonSchema?: Record<string, unknown>;
  };
};

export type GeminiUsage = { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };

/** A part of an answer: text (possibly a thought summary) or a function call. */
export type GeminiAnswerPart = {
  text?: string;
  thought?: boolean;
  functionCall?: { name?: string; args?: Record<string, unknown>; id?: string };
};

/** One whole response, and also one chunk of `streamGenerateContent?alt=sse`. */
export type GeminiResponse = {
  candidates?: Array<{ content?: { parts?: GeminiAnswerPart[] }; finishReason?: string }>;
  usageMetadata?: GeminiUsage;
  responseId?: string;
  modelVersion?: string;
};

/** `embedContent` / `batchEmbedContents` wire types. */
export type GeminiEmbedRequest = {
  model: string;
  content: { parts: Array<{ text: string }> };
  outputDimensionality?: number;
};
export type GeminiBatchEmbedResponse = { embeddings?: Array<{ values?: number[] }> };
