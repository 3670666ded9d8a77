// Copies the browser builds of the npm libraries into the host's wwwroot/lib. The copies are committed so a fresh
// clone runs without npm; run `npm ci && npm run copy-assets` here after changing a version in package.json.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, "..", "src", "TelecomContactCenter.Server", "wwwroot", "lib");
const files = [
  ["@microsoft/signalr/dist/browser/signalr.min.js", "signalr.min.js"],
  ["chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  ["chart.js/LICENSE.md", "chart.js.LICENSE.md"],
];

mkdirSync(lib, { recursive: true });
for (const [from, to] of files) {
  copyFileSync(join(here, "node_modules", from), join(lib, to));
  console.log(`copied ${from} -> wwwroot/lib/${to}`);
}
