/**
 * What one AI request may cost at most, known before the upstream call: the model it runs
 * (`provider/model`, null for a model list), a prompt estimate and the most output it may
 * produce. A budget reserves exactly this, then settles on the usage the provider reports.
 */
export type RequestCost = { model: string | null; promptTokens: number; outputTokens: number };

/**
 * A prompt estimate from the request body's size: about four bytes per token for English
 * text, and the JSON around it makes this an overestimate, the safe side for a reservation.
 */
export function estimatePromptTokens(body: string): number {
  return Math.ceil(new TextEncoder().encode(body).byteLength / 4);
}
