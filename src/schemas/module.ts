import { z } from "@hono/zod-openapi";
import { BUILTIN_TOOLS } from "../policy/builtin-tools";
import { isValidOriginPattern } from "../policy/origin-pattern";
import { PROVIDER_NAMES } from "../providers/registry";
import { BudgetField, BudgetSchema, BudgetUsageSchema } from "./budget";
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
  .regex(/^[a-z0-9-]{1,32}\/[A-Za-z0-9._:@/-]{1,128}$/, "must be a provider/model id like openai/gpt-4o-mini")
  // Without a slash the regex above already named the problem.
  .refine((id) => !id.includes("/") || (PROVIDER_NAMES as readonly string[]).includes(id.split("/")[0] ?? ""), {
    message: `must start with a provider this gateway knows: ${PROVIDER_NAMES.join(", ")} (like openai/gpt-4o-mini)`,
  });

const RateLimitPerHour = PositiveLimit(10_000_000).nullable();
const RateLimitPerVisitorPerHour = PositiveLimit(10_000_000).nullable();
const MaxOutputTokens = PositiveLimit(1_000_000).nullable();
const AllowedOrigins = z.array(OriginPattern).max(100);
const AllowedModels = z.array(ModelId).max(200);
const AllowPassthrough = z.boolean().openapi({
  description:
    "Opens the native passthrough (`/providers/{provider}/…`) for this key: only each provider's allowlisted generation, embedding and model-list endpoints, under the same model, cap and tool policy. Off unless set.",
});
const AllowedBuiltinTools = z.array(z.enum(BUILTIN_TOOLS)).max(BUILTIN_TOOLS.length).openapi({
  description:
    "Provider-run tools that bill on top of tokens (web search, file search, code interpreter, …) this key may use on /responses and /chat/completions. Empty = none; function tools are always allowed.",
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
    allowed_builtin_tools: AllowedBuiltinTools.default([]),
    account_id: z.string().min(1).nullable().optional(),
    budget: BudgetField.optional(),
    allow_passthrough: AllowPassthrough.default(false),
  })
  .strict()
  .openapi("ProvisionRequest");

/** `expires_at` as the admin may set it: an ISO-8601 time, checked against the clock by the route. */
const ExpiresAt = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time like 2027-01-01T00:00:00Z" });

export const ImportBody = ProvisionBody.omit({ expires_in_days: true })
  .extend({
    secret_key: z
      .string()
      .min(32, "must be at least 32 characters (the whole key from the older system)")
      .max(256, "must be at most 256 characters")
      .regex(/^[A-Za-z0-9._~+/=-]+$/, "may contain only letters, digits and . _ ~ + / = -")
      .openapi({
        description:
          "The existing key, e.g. the 64 hex characters of `secrets.token_hex(32)`. Only its HMAC is stored.",
        example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      }),
    expires_at: ExpiresAt.optional().openapi({
      description: "When the key stops working: in the future, at most 365 days away. Default: 365 days from now.",
    }),
  })
  .strict()
  .openapi("ImportRequest");

export const PatchModuleBody = z
  .object({
    name: Name,
    rate_limit_per_hour: RateLimitPerHour,
    rate_limit_per_visitor_per_hour: RateLimitPerVisitorPerHour,
    max_output_tokens: MaxOutputTokens,
    allowed_origins: AllowedOrigins,
    allowed_models: AllowedModels,
    allow_passthrough: AllowPassthrough,
    allowed_builtin_tools: AllowedBuiltinTools,
    expires_at: ExpiresAt,
    budget: BudgetField,
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
    budget: BudgetSchema.nullable(),
    allow_passthrough: z.boolean(),
    allowed_builtin_tools: z.array(z.string()),
    key_last4: z.string().openapi({ description: "Last four characters of the current key, to tell keys apart." }),
    key_format: z.enum(["egw_pub", "imported"]).openapi({
      description: "`egw_pub`: generated here (checksummed); `imported`: brought over from an older system.",
    }),
    previous_key_expires_at: IsoTime.nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
    last_used_at: IsoTime.nullable(),
    revoked_at: IsoTime.nullable(),
    disabled_at: IsoTime.nullable(),
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
    budget: BudgetUsageSchema.optional().openapi({ description: "Present when the module has a budget." }),
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

/** `?limit=&cursor=` of every cursor-paginated list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int("must be an integer").min(1).max(100).default(50),
  cursor: z.string().optional(),
});

export const MODULE_STATUS_FILTERS = ["active", "disabled", "revoked", "expired"] as const;

export const ListModulesQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: "Name contains this text (case-insensitive)." }),
  status: z.enum(MODULE_STATUS_FILTERS).optional().openapi({
    description: "`active`: usable now; `expired`: active but past `expires_at`; `disabled`; `revoked`.",
  }),
  account_id: z.string().min(1).optional(),
});

export type ProvisionInput = z.infer<typeof ProvisionBody>;
export type PatchModuleInput = z.infer<typeof PatchModuleBody>;
export type ImportInput = z.infer<typeof ImportBody>;
export type ModuleStatusFilter = (typeof MODULE_STATUS_FILTERS)[number];
export type ModuleJson = z.infer<typeof ModuleSchema>;
