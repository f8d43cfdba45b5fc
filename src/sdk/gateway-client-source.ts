/**
 * The browser client served at `GET /sdk.js`: a dependency-free classic script that defines
 * `createGatewayClient({ baseUrl, key })` and `GatewayError` on `window`. Kept as a string so
 * the Worker serves it byte for byte (no bundler renaming); it is exercised in real Chromium by
 * the browser tests. ES2017, no template literals (this file is a template literal).
 */
export const GATEWAY_CLIENT_JS = String.raw`/* Edge AI Gateway browser client. Usage:
 *   const ai = createGatewayClient({ baseUrl: "https://gateway.example.com", key: "egw_pub_..." });
 *   const answer = await ai.chat({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] },
 *                                { onToken: (token, textSoFar) => { ... } });
 * Errors are GatewayError instances: { code, status, message (readable), retryAfter (seconds), detail }.
 * A stream that breaks after it started rejects too (status 200; "partial" is the text received):
 * its final error event, or its end without [DONE] (code "stream_cut"), never passes as an answer.
 */
(function (global) {
  "use strict";

  var MESSAGES = {
    missing_key: "This page has no gateway key configured.",
    invalid_key: "The gateway key on this page is not valid. Ask the plugin's owner for a working key.",
    key_expired: "The gateway key on this page has expired. Ask the plugin's owner for a new one.",
    key_revoked: "The gateway key on this page has been revoked. Ask the plugin's owner for a new one.",
    key_disabled: "The gateway key on this page is disabled for now. Ask the plugin's owner to enable it.",
    origin_not_allowed: "This plugin's key is not allowed on this website.",
    model_not_allowed: "This plugin's key may not use that model.",
    rate_limited: "Too many requests for now.",
    provider_key_missing: "The AI provider is not set up for this plugin yet.",
    payload_too_large: "The message is too long.",
    invalid_request: "The request was not accepted.",
    not_found: "The gateway does not know this address. Check the gateway URL.",
    upstream_error: "The AI provider answered with an error.",
    stream_cut: "The answer was cut off before it ended. Try again.",
    too_many_failures: "Too many failed attempts from this connection.",
    upstream_timeout: "The AI provider took too long to answer. Try again.",
    unavailable: "The gateway is busy or briefly unavailable. Try again shortly.",
    internal_error: "The gateway failed to handle the request. Try again.",
    network_error: "Could not reach the gateway. Check the connection and the gateway URL."
  };

  function GatewayError(code, status, detail, retryAfter) {
    var message = MESSAGES[code] || "The gateway answered with an error (" + code + ").";
    if ((code === "rate_limited" || code === "too_many_failures") && retryAfter) {
      message += " Try again in " + retryAfter + " second" + (retryAfter === 1 ? "" : "s") + ".";
    }
    var error = new Error(message);
    Object.setPrototypeOf(error, GatewayError.prototype);
    error.name = "GatewayError";
    error.code = code;
    error.status = status;
    error.detail = detail || "";
    error.retryAfter = retryAfter || null;
    return error;
  }
  GatewayError.prototype = Object.create(Error.prototype);
  GatewayError.prototype.constructor = GatewayError;

  function readLimits(headers) {
    var limit = headers.get("X-RateLimit-Limit");
    if (limit === null) return null;
    return {
      limit: Number(limit),
      remaining: Number(headers.get("X-RateLimit-Remaining")),
      reset: Number(headers.get("X-RateLimit-Reset"))
    };
  }

  async function errorFrom(res) {
    var retryHeader = res.headers.get("Retry-After");
    var retryAfter = retryHeader ? Math.max(1, Math.ceil(Number(retryHeader))) : null;
    var code = "http_" + res.status;
    var detail = "";
    try {
      var body = await res.json();
      if (body && body.error) {
        code = body.error.code || code;
        detail = body.error.message || "";
      }
    } catch (ignored) {
      // not JSON: keep the status-based code
    }
    return GatewayError(code, res.status, detail, retryAfter);
  }

  function createGatewayClient(options) {
    if (!options || !options.baseUrl || !options.key) {
      throw new TypeError("createGatewayClient needs { baseUrl, key }");
    }
    var baseUrl = String(options.baseUrl).replace(/\/+$/, "");
    var key = String(options.key);

    async function send(path, init) {
      var headers = Object.assign({ "X-API-Key": key }, init.headers || {});
      try {
        return await fetch(baseUrl + path, Object.assign({}, init, { headers: headers }));
      } catch (err) {
        if (err && err.name === "AbortError") throw err;
        throw GatewayError("network_error", 0, String(err && err.message), null);
      }
    }

    async function readStream(res, onToken) {
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      var result = { content: "", finishReason: null, usage: null };
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var boundary;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          var event = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          var lines = event.split("\n");
          for (var i = 0; i < lines.length; i++) {
            if (lines[i].indexOf("data:") !== 0) continue;
            var data = lines[i].slice(5).trim();
            if (data === "[DONE]") return result;
            var json;
            try {
              json = JSON.parse(data);
            } catch (notJson) {
              throw streamError("upstream_error", "The gateway sent an event that is not JSON.", result);
            }
            // The gateway's one final error event: the stream broke, so what came before is partial.
            if (json.error) throw streamError(json.error.code || "upstream_error", json.error.message, result);
            if (json.usage) result.usage = json.usage;
            var choice = json.choices && json.choices[0];
            if (!choice) continue;
            if (choice.finish_reason) result.finishReason = choice.finish_reason;
            var token = choice.delta && choice.delta.content;
            if (token) {
              result.content += token;
              if (onToken) onToken(token, result.content);
            }
          }
        }
      }
      // Only [DONE] ends an answer: a stream that stops without it was cut off.
      throw streamError("stream_cut", "The stream ended without [DONE].", result);
    }

    /** A GatewayError for a stream that broke after it started; "partial" holds the text so far. */
    function streamError(code, detail, result) {
      var error = GatewayError(code, 200, detail, null);
      error.partial = result.content;
      return error;
    }

    /** One chat completion. With opts.onToken the answer streams token by token. */
    async function chat(request, opts) {
      opts = opts || {};
      var streaming = typeof opts.onToken === "function";
      var res = await send("/api/v1/chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({}, request, { stream: streaming })),
        signal: opts.signal
      });
      if (!res.ok) throw await errorFrom(res);
      var rateLimit = readLimits(res.headers);
      if (streaming) {
        var streamed = await readStream(res, opts.onToken);
        streamed.rateLimit = rateLimit;
        return streamed;
      }
      var body = await res.json();
      var choice = body.choices && body.choices[0];
      return {
        content: choice && choice.message ? choice.message.content : "",
        finishReason: choice ? choice.finish_reason : null,
        usage: body.usage || null,
        rateLimit: rateLimit,
        raw: body
      };
    }

    /** The model ids this key may use. */
    async function models() {
      var res = await send("/api/v1/models", { method: "GET" });
      if (!res.ok) throw await errorFrom(res);
      var body = await res.json();
      return body.data.map(function (m) { return m.id; });
    }

    return { chat: chat, models: models, baseUrl: baseUrl };
  }

  global.createGatewayClient = createGatewayClient;
  global.GatewayError = GatewayError;
})(typeof window !== "undefined" ? window : globalThis);
`;
