/** Gemini generateContent wire types, as far as the gateway writes and reads them. */
export type GeminiContent = { role: "user" | "model"; parts: Array<{ text: string }> };

export type GeminiRequest = {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  generationConfig: {
    maxOutputTokens: number;
    temperature?: number;
    topP?: number;
    stopSequences?: string[];
  };
};

export type GeminiUsage = { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };

/** One whole response, and also one chunk of `streamGenerateContent?alt=sse`. */
export type GeminiResponse = {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> }; finishReason?: string }>;
  usageMetadata?: GeminiUsage;
  responseId?: string;
  modelVersion?: string;
};
