// The pool's own list of every `ctx.waitUntil` promise, `SELF.fetch`'s included (the public
// `waitOnExecutionContext` only covers a context the test created). Not in `cloudflare:test`'s
// types; the plugin is pinned to an exact version, and this import fails loudly if it moves.
import { waitForGlobalWaitUntil } from "cloudflare:test-internal";
import { afterEach } from "vitest";

// Each test ends only when the work its requests left in `waitUntil` (settlements, log lines)
// has finished: a settlement still running when the next test file starts hangs the pool (the
// object call it makes never answers), and a later test must not see an earlier one's writes.
afterEach(async () => {
  await waitForGlobalWaitUntil();
});
