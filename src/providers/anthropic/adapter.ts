import { wireAdapter } from "../wire-adapter";
import { fromAnthropicResponse } from "./answer";
import { anthropicStreamTranslator } from "./stream";
import { toAnthropicRequest } from "./translate";
import { ANTHROPIC_VERSION } from "./wire";

/** Anthropic's Messages API behind the OpenAI shape. */
export const anthropicAdapter = wireAdapter({
  name: "anthropic",
  url: (_request, baseUrl) => `${baseUrl}/v1/messages`,
  authHeaders: (apiKey) => ({ "x-api-key": apiKey.reveal() }),
  staticHeaders: { "anthropic-version": ANTHROPIC_VERSION },
  toWire: toAnthropicRequest,
  fromWire: fromAnthropicResponse,
  streamTranslator: anthropicStreamTranslator,
});
