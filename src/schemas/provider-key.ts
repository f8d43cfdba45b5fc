import { z } from "@hono/zod-openapi";
import { KEYED_PROVIDER_NAMES } from "../providers/registry";
import { IsoTime } from "./common";

export const ProviderKeyParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
  provider: z
    .enum(KEYED_PROVIDER_NAMES as [string, ...string[]], {
      message: `must be one of ${KEYED_PROVIDER_NAMES.join(", ")}`,
    })
    .openapi({ param: { name: "provider", in: "path" }, example: "openai" }),
});

export const PutProviderKeyBody = z
  .object({
    api_key: z
      .string()
      .trim()
      .min(8, "must be at least 8 characters")
      .max(512, "must be at most 512 characters")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  })
  .strict()
  .openapi("PutProviderKeyRequest");

export const ProviderKeyListSchema = z
  .object({
    provider_keys: z.array(
      z.object({
        provider: z.string(),
        last4: z.string().openapi({ description: "The last four characters; the key itself is never shown." }),
        updated_at: IsoTime,
      }),
    ),
  })
  .openapi("ProviderKeyList");
