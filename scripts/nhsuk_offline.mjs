// The NHS.UK stylesheet as the portal serves it: the npm package's own file with its web-font faces taken out.
// Those load Frutiger from assets.nhs.uk, which NHS networks often block (pages waited ~5 s for it) and which the
// Content-Security-Policy (font-src 'self') refuses; the package ships no font files to serve instead. Without the
// faces, "Frutiger W01" is the installed font of that name where there is one, else the NHS.UK stack's Arial.
// Run after `npm ci` by `make install` and the Dockerfile; writes node_modules/.portal/nhsuk/ (never committed).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk", "nhsuk-frontend.min.css");
const target = join(root, "node_modules", ".portal", "nhsuk", "nhsuk-frontend.min.css");

const css = readFileSync(source, "utf8");
const offline = css.replace(/@font-face\s*\{[^}]*\}/g, (face) => (/url\(\s*["']?https?:/.test(face) ? "" : face));
if (/url\(\s*["']?https?:/.test(offline)) {
  throw new Error("The NHS.UK stylesheet still names another host after its web fonts were taken out.");
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, offline.replace(/\/\*# sourceMappingURL=[^*]*\*\//, ""));
console.log(`wrote ${target} (${css.length - offline.length} characters of remote font faces removed)`);
