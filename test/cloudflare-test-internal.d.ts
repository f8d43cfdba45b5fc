// The one export of the Workers pool's internal module the tests use (see helpers/settle-background-work.ts).
declare module "cloudflare:test-internal" {
  /** Resolves once every promise passed to any `ctx.waitUntil` so far has settled (30 s at most). */
  export function waitForGlobalWaitUntil(): Promise<void>;
}
