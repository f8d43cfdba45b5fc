/**
 * Refuses audio output (`audio`, or `modalities` naming "audio"): the price table prices text
 * tokens only (no model has an audio rate), so spoken answers would be charged as cheap text.
 */
export function refuseAudioOutput(body: Record<string, unknown>): string | null {
  const fix = "audio output is not offered through this gateway (it is not priced); remove it and ask for text.";
  if (body.audio !== undefined && body.audio !== null) return `audio: ${fix}`;
  if (Array.isArray(body.modalities) && body.modalities.includes("audio")) return `modalities: ${fix}`;
  return null;
}
