import { z } from "@hono/zod-openapi";
import { BudgetField, BudgetSchema } from "./budget";
import { IsoTime } from "./common";

const Name = z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters");

export const CreateAccountBody = z
  .object({ name: Name, allow_gateway_keys: z.boolean().default(false), budget: BudgetField.optional() })
  .strict()
  .openapi("CreateAccountRequest");

export const PatchAccountBody = z
  .object({ name: Name, allow_gateway_keys: z.boolean(), budget: BudgetField })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "must name at least one field to change" })
  .openapi("PatchAccountRequest");

export const AccountSchema = z
  .object({
    account_id: z.string().openapi({ example: "acc_1Jx9Qm3Vb7TnZp0LsR8Wc2" }),
    name: z.string(),
    allow_gateway_keys: z.boolean(),
    budget: BudgetSchema.nullable().openapi({
      description: "Bounds the spending of all the account's modules together.",
    }),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("Account");

export const AccountIdParam = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

export const AccountListResponse = z
  .object({ accounts: z.array(AccountSchema), next_cursor: z.string().nullable() })
  .openapi("AccountList");
