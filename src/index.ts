import { createApp } from "./app";

export { ModuleAuthority } from "./authority/module-authority";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
