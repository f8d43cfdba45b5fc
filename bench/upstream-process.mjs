// Child process of bench/harness.mjs `startUpstream()`: serves the fake upstream on 127.0.0.1,
// reports its URL over IPC, and exits when the parent asks or goes away.
import { startFakeUpstream } from "../test/node/fake-upstream.ts";

const upstream = await startFakeUpstream();
process.send?.({ url: upstream.url });
const stop = async () => {
  await upstream.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("disconnect", stop);
