import { createRoute, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { insertAccount, listAccounts, updateAccount } from "../../../db/accounts";
import { database } from "../../../db/client";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { newId } from "../../../lib/ids";
import { forgetAccountKeys } from "../../../providers/account-keys";
import {
  AccountIdParam,
  AccountListResponse,
  AccountSchema,
  CreateAccountBody,
  PatchAccountBody,
} from "../../../schemas/account";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { PageQuery } from "../../../schemas/module";
import { validationHook } from "../../../schemas/validation-hook";
import { decodeCursor, pageOf } from "../cursor";
import { requireAccount } from "../modules/admin-services";
import { presentAccount } from "./present";
import { pushAccountBudget } from "./push-budget";
import { accountUsage, accountUsageRoute } from "./usage";

const createAccountRoute = createRoute({
  method: "post",
  path: "/accounts",
  tags: ["Accounts"],
  summary: "Create an account: the owner of modules and of BYOK provider keys",
  request: { body: jsonBody(CreateAccountBody) },
  responses: { 201: jsonContent(AccountSchema, "The new account"), ...errorResponses(400, 401, 503) },
});

const listAccountsRoute = createRoute({
  method: "get",
  path: "/accounts",
  tags: ["Accounts"],
  summary: "List accounts, newest first, with cursor pagination",
  request: { query: PageQuery },
  responses: { 200: jsonContent(AccountListResponse, "One page of accounts"), ...errorResponses(400, 401) },
});

const getAccountRoute = createRoute({
  method: "get",
  path: "/accounts/{id}",
  tags: ["Accounts"],
  summary: "Get one account",
  request: { params: AccountIdParam },
  responses: { 200: jsonContent(AccountSchema, "The account"), ...errorResponses(401, 404) },
});

const patchAccountRoute = createRoute({
  method: "patch",
  path: "/accounts/{id}",
  tags: ["Accounts"],
  summary: "Rename an account or change whether it may fall back to the gateway's provider keys",
  request: { params: AccountIdParam, body: jsonBody(PatchAccountBody) },
  responses: { 200: jsonContent(AccountSchema, "The changed account"), ...errorResponses(400, 401, 404, 503) },
});

const create: RouteHandler<typeof createAccountRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const now = Date.now();
  const row = await insertAccount(database(c.env.DB), {
    id: newId("acc"),
    name: body.name,
    allowGatewayKeys: body.allow_gateway_keys,
    budget: body.budget ?? null,
    createdAt: now,
    updatedAt: now,
  });
  if (row.budget) await pushAccountBudget(c, row);
  return c.json(presentAccount(row), 201);
};

const list: RouteHandler<typeof listAccountsRoute, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const after = decodeCursor(cursor);
  const rows = await listAccounts(database(c.env.DB), { limit: limit + 1, ...(after ? { after } : {}) });
  const { page, nextCursor } = pageOf(rows, limit);
  return c.json({ accounts: page.map(presentAccount), next_cursor: nextCursor }, 200);
};

const get: RouteHandler<typeof getAccountRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(presentAccount(await requireAccount(database(c.env.DB), id)), 200);
};

const patch: RouteHandler<typeof patchAccountRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const row = await updateAccount(
    database(c.env.DB),
    id,
    {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.allow_gateway_keys !== undefined ? { allowGatewayKeys: body.allow_gateway_keys } : {}),
      ...(body.budget !== undefined ? { budget: body.budget } : {}),
    },
    Date.now(),
  );
  if (!row) throw new ApiError("not_found", `No account with id ${id}.`);
  forgetAccountKeys(id);
  if (body.budget !== undefined) await pushAccountBudget(c, row);
  return c.json(presentAccount(row), 200);
};

/** Admin routes for accounts. Mounted under /api/v1 behind admin-auth. */
export function accountRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createAccountRoute, create)
    .openapi(listAccountsRoute, list)
    .openapi(getAccountRoute, get)
    .openapi(patchAccountRoute, patch)
    .openapi(accountUsageRoute, accountUsage);
}
