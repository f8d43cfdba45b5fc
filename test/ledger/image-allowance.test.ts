import { describe, expect, it } from "vitest";
import { IMAGE_TOKEN_ALLOWANCE, promptTokenBound, spendIntent } from "../../src/ledger/spend-intent";
import { expectError, expectStatus, provision } from "../helpers/api";
import { worstCaseTokens } from "../helpers/ledger";
import { chat, chatBody, newTag } from "../helpers/upstream";

const image = (i: number) => ({ type: "image_url", image_url: { url: `https://example.com/cat-${i}.png` } });

describe("prompt bound counts images", () => {
  it("reserves at least N × the allowance for N images in chat, Responses and native bodies", () => {
    const chatMessages = [{ role: "user", content: [{ type: "text", text: "what?" }, image(1), image(2), image(3)] }];
    expect(spendIntent("openai/gpt-4o", [chatMessages, undefined], 0).promptTokens).toBeGreaterThanOrEqual(
      3 * IMAGE_TOKEN_ALLOWANCE,
    );
    const responsesInput = [{ role: "user", content: [{ type: "input_image", image_url: "https://x.test/a.png" }] }];
    expect(spendIntent("openai/gpt-4o", [null, responsesInput, undefined], 0).promptTokens).toBeGreaterThanOrEqual(
      IMAGE_TOKEN_ALLOWANCE,
    );
    const anthropic = {
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: [{ type: "image", source: { type: "url", url: "https://x.test/a.png" } }] }],
    };
    const text = JSON.stringify(anthropic);
    expect(spendIntent("anthropic/claude-sonnet-4-5", text, 0, anthropic).promptTokens).toBe(
      new TextEncoder().encode(text).byteLength + IMAGE_TOKEN_ALLOWANCE,
    );
    const gemini = { contents: [{ parts: [{ inline_data: { mime_type: "image/png", data: "AAAA" } }] }] };
    expect(promptTokenBound(JSON.stringify(gemini), gemini)).toBeGreaterThanOrEqual(IMAGE_TOKEN_ALLOWANCE);
  });

  it("refuses an image-heavy chat a budget with room for a text request admits", async () => {
    const tag = newTag();
    const text = chatBody("openai/gpt-4o-mini", tag, { max_tokens: 50 });
    const budget = 4 * worstCaseTokens(text as { messages: unknown }, 50);
    const p = await provision({ budget: { period: "day", tokens: budget } });
    const images = {
      model: "openai/gpt-4o-mini",
      max_tokens: 50,
      messages: [{ role: "user", content: [{ type: "text", text: `tag:${tag}` }, image(1), image(2), image(3)] }],
    };
    await expectError(await chat(p.secret_key, images), 429, "budget_exhausted");
    await expectStatus(await chat(p.secret_key, text), 200);
  });
});
