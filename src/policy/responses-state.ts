type Body = Record<string, unknown>;

/** Responses fields that read state stored at the provider (earlier turns the gateway never counted). */
const STORED_STATE_FIELDS = ["previous_response_id", "conversation"] as const;

/**
 * Refuses a Responses request the gateway could not bill: `background: true` answers `queued`
 * with no usage (generation runs off the budget), and `previous_response_id` / `conversation`
 * pull in stored input (possibly another module's) whose tokens were never estimated.
 */
export function refuseStoredState(body: Body): string | null {
  if (body.background !== undefined && body.background !== null && body.background !== false) {
    return "background: background responses are not supported (they answer without usage); omit it or send false.";
  }
  for (const field of STORED_STATE_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) {
      return `${field}: stored conversation state is not accepted; send the earlier turns inline in input.`;
    }
  }
  return null;
}

/** Refuses a stored prompt: it brings its own tools and settings, which the gateway cannot see to check. */
export function refuseStoredPrompt(body: Body): string | null {
  return body.prompt !== undefined && body.prompt !== null
    ? "prompt: stored prompts are not accepted; send the instructions and tools inline."
    : null;
}
