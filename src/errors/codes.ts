/** The closed list of error codes from API.md, each with its one HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  missing_key: 401,
  invalid_key: 401,
  key_expired: 403,
  key_revoked: 403,
  key_disabled: 403,
  origin_not_allowed: 403,
  model_not_allowed: 403,
  endpoint_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  provider_key_missing: 424,
  rate_limited: 429,
  budget_exhausted: 429,
  too_many_failures: 429,
  internal_error: 500,
  upstream_error: 502,
  unavailable: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
