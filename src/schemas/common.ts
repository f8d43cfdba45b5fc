import { z } from "@hono/zod-openapi";
import { ERROR_STATUS, type ErrorCode } from "../errors/codes";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The contract's error body, for every documented non-2xx answer. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "invalid_request", description: "The closed list of error codes." }),
      message: z.string().openapi({ example: "name: Required" }),
    }),
  })
  .openapi("Error");

export const IsoTime = z.string().openapi({ format: "date-time", example: "2027-01-01T00:00:00.000Z" });

/** Documented error answers, keyed by status, to spread into a route's `responses`. */
export function errorResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }> =
    {};
  for (const status of statuses) {
    out[status] = { description: `Error (${status})`, content: { "application/json": { schema: ErrorSchema } } };
  }
  return out;
}

export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  required,
  content: { "application/json": { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
