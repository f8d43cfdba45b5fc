import { describe, expect, it } from "vitest";
import { expectError, expectStatus, provision } from "../../../helpers/api";
import { chat, newTag, sentBody, upstreamRequests } from "../../../helpers/upstream";

// A 1×1 PNG, and an https image as the providers' docs show them.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const DATA_URL = `data:image/png;base64,${PNG}`;
const HTTPS_URL = "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg";

/** A user turn of text, an inline image, more text and an https image, in that order. */
const mixed = (tag: string) => [
  { type: "text", text: `What is in these images? tag:${tag}` },
  { type: "image_url", image_url: { url: DATA_URL } },
  { type: "text", text: "And this one?" },
  { type: "image_url", image_url: { url: HTTPS_URL, detail: "low" } },
];

describe("image_url content parts on /chat/completions", () => {
  it("forwards image parts to OpenAI-wire providers unchanged, in order", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const content = mixed(tag);
    await expectStatus(
      await chat(secret_key, { model: "openai/gpt-4o-mini", messages: [{ role: "user", content }] }),
      200,
    );
    expect((await sentBody(tag)).messages).toEqual([{ role: "user", content }]);
  });

  it("sends Anthropic base64 and url image blocks, text and images keeping their order", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(
      await chat(secret_key, {
        model: "anthropic/claude-sonnet-4-5",
        messages: [{ role: "user", content: mixed(tag) }],
      }),
      200,
    );
    expect((await sentBody(tag)).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: `What is in these images? tag:${tag}` },
          { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
          { type: "text", text: "And this one?" },
          { type: "image", source: { type: "url", url: HTTPS_URL } },
        ],
      },
    ]);
  });

  it("sends Gemini inline_data and file_data parts, text and images keeping their order", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(
      await chat(secret_key, { model: "gemini/gemini-2.5-flash", messages: [{ role: "user", content: mixed(tag) }] }),
      200,
    );
    expect((await sentBody(tag)).contents).toEqual([
      {
        role: "user",
        parts: [
          { text: `What is in these images? tag:${tag}` },
          { inline_data: { mime_type: "image/png", data: PNG } },
          { text: "And this one?" },
          { file_data: { mime_type: "image/jpeg", file_uri: HTTPS_URL } },
        ],
      },
    ]);
  });

  it("refuses an image for the text-only mock model with 400 naming the part and the provider", async () => {
    const { secret_key } = await provision();
    const message = await expectError(
      await chat(secret_key, { model: "mock/echo", messages: [{ role: "user", content: mixed(newTag()) }] }),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^messages\.0\.content\.1: mock\/echo takes text only/);
  });

  it("refuses an http:// image URL before any upstream call", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const content = [
      { type: "text", text: `tag:${tag}` },
      { type: "image_url", image_url: { url: "http://example.com/cat.png" } },
    ];
    const message = await expectError(
      await chat(secret_key, { model: "openai/gpt-4o-mini", messages: [{ role: "user", content }] }),
      400,
      "invalid_request",
    );
    expect(message).toContain("messages.0.content.1.image_url.url: must be an https:// URL or a data:");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("refuses an image type a provider cannot read, naming the field and the provider", async () => {
    const { secret_key } = await provision();
    const content = [{ type: "image_url", image_url: { url: `data:image/bmp;base64,${PNG}` } }];
    const message = await expectError(
      await chat(secret_key, { model: "anthropic/claude-sonnet-4-5", messages: [{ role: "user", content }] }),
      400,
      "invalid_request",
    );
    expect(message).toBe("messages.0.content.0.image_url.url: anthropic takes JPEG, PNG, GIF or WebP images.");
  });
});
