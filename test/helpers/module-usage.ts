import { admin, expectStatus } from "./api";

type ModuleWithUsage = { usage: { prompt_tokens: number; completion_tokens: number } };

/** The module's token totals from GET /modules/{id}, polled until `until` holds (usage is written after the answer). */
export async function usageOf(moduleId: string, until: (u: ModuleWithUsage["usage"]) => boolean) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const body = await expectStatus<ModuleWithUsage>(await admin(`/api/v1/modules/${moduleId}`), 200);
    if (until(body.usage) || Date.now() > deadline) return body.usage;
    await new Promise((r) => setTimeout(r, 50));
  }
}
