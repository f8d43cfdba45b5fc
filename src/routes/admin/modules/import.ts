import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { database } from "../../../db/client";
import { findModuleByKeyHash } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { isWellFormedKey, KEY_PREFIX } from "../../../keys/format";
import { hashKey } from "../../../keys/hash";
import { DAY_MS } from "../../../lib/time";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ImportBody, MAX_EXPIRY_DAYS, ModuleSchema } from "../../../schemas/module";
import { expiryFrom } from "./expiry";
import { createModule } from "./new-module";
import { presentModule } from "./present";

export const importRoute = createRoute({
  method: "post",
  path: "/modules/import",
  tags: ["Modules"],
  summary: "Import an existing key from an older system, so plugins exported with it keep working",
  description:
    "Stores only the key's HMAC; the secret is not echoed. The key then works on the AI routes like any other. " +
    "Importing a key that is already registered (as any module's current or previous key) answers 409 `conflict`.",
  request: { body: jsonBody(ImportBody) },
  responses: {
    201: jsonContent(ModuleSchema, "The new module (without the secret)"),
    ...errorResponses(400, 401, 409),
  },
});

const duplicate = () =>
  new ApiError("conflict", "secret_key: this key is already registered with a module; import each key once.");

export const importModule: RouteHandler<typeof importRoute, AppEnv> = async (c) => {
  const { secret_key: secret, expires_at, ...body } = c.req.valid("json");
  // An `egw_pub_` key is only ever accepted with a valid checksum, so importing a broken one
  // would store a key that can never work.
  if (secret.startsWith(KEY_PREFIX) && !isWellFormedKey(secret)) {
    throw new ApiError(
      "invalid_request",
      `secret_key: starts with ${KEY_PREFIX} but its checksum is wrong; copy it whole.`,
    );
  }
  const now = Date.now();
  const hash = await hashKey(secret, c.env.KEY_HASH_SECRET);
  if (await findModuleByKeyHash(database(c.env.DB), hash)) throw duplicate();
  const expiresAt = expires_at === undefined ? now + MAX_EXPIRY_DAYS * DAY_MS : expiryFrom(expires_at, now);
  try {
    const row = await createModule(c, body, {
      secret,
      format: secret.startsWith(KEY_PREFIX) ? "egw_pub" : "imported",
      expiresAt,
    });
    return c.json(presentModule(row), 201);
  } catch (err) {
    // Two imports of the same key at once: the unique index on key_hash lets one win.
    if (err instanceof Error && /UNIQUE constraint failed/i.test(`${err.message} ${String(err.cause ?? "")}`)) {
      throw duplicate();
    }
    throw err;
  }
};
