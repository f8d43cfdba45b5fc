// Builds Portkey's gateway (the npm package `@portkey-ai/gateway`, a devDependency) as a Worker,
// so the bench serves it with Miniflare exactly like the other two. The package ships only its
// Node build (`build/start-server.js`): one bundle that defines the Hono app and then, at the
// end, starts `@hono/node-server` and a terminal banner. This takes the bundle unchanged up to
// that Node-only tail, exports the app as the Worker's default, and bundles it with esbuild for
// workerd (nodejs_compat). The four Node-only packages it imports are replaced by modules that
// throw if used: node-server and node-ws only serve the cut tail, `ws` only the Node realtime
// route, ioredis only a Redis cache that is not configured. Nothing on the benchmarked path
// (`POST /v1/chat/completions` with `x-portkey-provider` and `x-portkey-custom-host`) is changed.
import { readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const NODE_ONLY = ["@hono/node-server", "@hono/node-ws", "ws", "ioredis"];
const SHIM = `const unused = () => { throw new Error("Node-only module, not used by the bench's Worker build"); };
export default class { constructor() { unused(); } }
export const serve = unused, createNodeWebSocket = unused;`;

/** Bundles Portkey's app into `outdir/index.js` and returns that path. */
export async function buildPortkeyWorker(outdir) {
  const pkg = dirname(require.resolve("@portkey-ai/gateway/package.json"));
  const source = readFileSync(join(pkg, "build", "start-server.js"), "utf8").replace(/^#!.*\n/, "");
  // The Node tail starts where the bundle reads its command line; the app is what it serves.
  const tail = source.search(/const [\w$]+=process\.argv\.slice\(2\)/);
  const app = source.match(/\{fetch:([\w$]+)\.fetch,port:/)?.[1];
  if (tail < 0 || !app) throw new Error("@portkey-ai/gateway's build no longer has the expected Node tail");
  const outfile = join(outdir, "index.js");
  await build({
    stdin: {
      contents: `${source.slice(0, tail)}\nexport default ${app};\n`,
      resolveDir: join(pkg, "build"),
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    outfile,
    logLevel: "error",
    plugins: [
      {
        name: "workerd-node",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (NODE_ONLY.includes(args.path)) return { path: args.path, namespace: "shim" };
            if (args.path.startsWith("node:")) return { path: args.path, external: true };
            if (isBuiltin(args.path)) return { path: `node:${args.path}`, external: true };
            return undefined;
          });
          b.onLoad({ filter: /.*/, namespace: "shim" }, () => ({ contents: SHIM, loader: "js" }));
        },
      },
    ],
  });
  return outfile;
}
