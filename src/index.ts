import { createApp } from "./app";
import { runCron } from "./scheduled";

export { ModuleAuthority } from "./authority/module-authority";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
