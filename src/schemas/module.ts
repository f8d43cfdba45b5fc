import { z } from "@hono/zod-openapi";
import { isValidOriginPattern } from "../policy/origin-pattern";
import { IsoTime } from "./common";

export const MAX_EXPIRY_DAYS = 365;
export const MAX_GRACE_SECONDS = 604_800;

const Name = z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters");
const PositiveLimit = (max: number) => z.number().int("must be an integer").min(1, "must be at least 1").max(max);

const OriginPattern = z
  .string()
  .transform((s) => s.toLowerCase())
  .refine(isValidOriginPattern, {
    message: "must be an origin like https://app.example.com or https://*.example.com (no path, no trailing slash)",
  });
const ModelId = z
  .string()
  .regex(/^[a-z0-9-]{1,32}\/[A-Za-z0-9._:@/-]{1,128}$/, "must be a provider/model id like openai/gpt-4o-mini");

const RateLimitPerHour = PositiveLimit(10_000_000).nullable();
const RateLimitPerVisitorPerHour = PositiveLimit(10_000_000).nullable();
const MaxOutputTokens = PositiveLimit(1_000_000).nullable();
const AllowedOrigins = z.array(OriginPattern).max(100);
const AllowedModels = z.array(ModelId).max(200);
const AllowPassthrough = z.boolean().openapi({
  description:
    "Opens the native passthrough (`/providers/{provider}/…`) for this key: only each provider's allowlisted generation, embedding and model-list endpoints, under the same model, cap and tool policy. Off unless set.",
});

export const ProvisionBody = z
  .object({
    name: Name.openapi({ example: "Recipe helper plugin" }),
    expires_in_days: z
      .number()
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(MAX_EXPIRY_DAYS, `must be at most ${MAX_EXPIRY_DAYS}`)
      .default(MAX_EXPIRY_DAYS),
    rate_limit_per_hour: RateLimitPerHour.optional(),
    rate_limit_per_visitor_per_hour: RateLimitPerVisitorPerHour.optional(),
    max_output_tokens: MaxOutputTokens.optional(),
    allowed_origins: AllowedOrigins.default([]),
    allowed_models: AllowedModels.default([]),
    account_id: z.string().min(1).nullable().optional(),
    allow_passthrough: AllowPassthrough.default(false),
  })
  .strict()
  .openapi("ProvisionRequest");

export const PatchModuleBody = z
  .object({
    name: Name,
    rate_limit_per_hour: RateLimitPerHour,
    rate_limit_per_visitor_per_hour: RateLimitPerVisitorPerHour,
    max_output_tokens: MaxOutputTokens,
    allowed_origins: AllowedOrigins,
    allowed_models: AllowedModels,
    allow_passthrough: AllowPassthrough,
    expires_at: z.iso.datetime({ offset: true, message: "must be an ISO-8601 time like 2027-01-01T00:00:00Z" }),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "must name at least one field to change" })
  .openapi("PatchModuleRequest");

export const RotateBody = z
  .object({
    grace_seconds: z
      .number()
      .int("must be an integer")
      .min(0, "must be at least 0")
      .max(MAX_GRACE_SECONDS, `must be at most ${MAX_GRACE_SECONDS} (seven days)`)
      .default(0),
  })
  .strict()
  .openapi("RotateRequest");

export const ModuleSchema = z
  .object({
    module_id: z.string().openapi({ example: "mod_4Qz8a1Xc0RbT7mYwq2LdNe" }),
    name: z.string(),
    account_id: z.string().nullable(),
    status: z.enum(["active", "disabled", "revoked"]),
    expires_at: IsoTime.nullable(),
    rate_limit_per_hour: z.number().int().nullable(),
    rate_limit_per_visitor_per_hour: z.number().int().nullable(),
    max_output_tokens: z.number().int().nullable(),
    allowed_origins: z.array(z.string()),
    allowed_models: z.array(z.string()),
    allow_passthrough: z.boolean(),
    key_last4: z.string().openapi({ description: "Last four characters of the current key, to tell keys apart." }),
    previous_key_expires_at: IsoTime.nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
    last_used_at: IsoTime.nullable(),
    revoked_at: IsoTime.nullable(),
  })
  .openapi("Module");

export const UsageSchema = z
  .object({
    limit: z.number().int(),
    used: z.number().int(),
    remaining: z.number().int(),
    reset_at: IsoTime,
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
  })
  .openapi("Usage");

export const ModuleWithUsageSchema = ModuleSchema.extend({ usage: UsageSchema }).openapi("ModuleWithUsage");

export const ProvisionResponse = ModuleSchema.extend({
  secret_key: z.string().openapi({ description: "The module key. Shown here once and never again." }),
}).openapi("ProvisionResponse");

export const RotateResponse = z
  .object({
    secret_key: z.string(),
    module_id: z.string(),
    expires_at: IsoTime.nullable(),
    previous_key_expires_at: IsoTime,
  })
  .openapi("RotateResponse");

export const ModuleListResponse = z
  .object({ modules: z.array(ModuleSchema), next_cursor: z.string().nullable() })
  .openapi("ModuleList");

export const ModuleIdParam = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "mod_4Qz8a1Xc0RbT7mYwq2LdNe" }),
});

export const ListModulesQuery = z.object({
  limit: z.coerce.number().int("must be an integer").min(1).max(100).default(50),
  cursor: z.string().optional(),
});

export type ProvisionInput = z.infer<typeof ProvisionBody>;
export type PatchModuleInput = z.infer<typeof PatchModuleBody>;
export type ModuleJson = z.infer<typeof ModuleSchema>;
