import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

describe("links in the README and docs/", () => {
  for (const page of pages) {
    it(`${page}: every relative link names a file (and heading) that exists in the repository`, () => {
      const text = readFileSync(join(ROOT, page), "utf8").replace(/```[\s\S]*?```/g, "");
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
      for (const link of links) {
        expect(link, `${page} links outside the repository: ${link}`).not.toMatch(/^[a-z]+:/);
        const [path = "", anchor] = link.split("#");
        const target = path === "" ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path);
        expect(target.startsWith(ROOT), `${page}: ${link} leaves the repository`).toBe(true);
        expect(existsSync(target), `${page}: ${link} does not exist`).toBe(true);
        if (anchor && target.endsWith(".md")) {
          const headings = [...readFileSync(target, "utf8").matchAll(/^#+ (.+)$/gm)].map((m) =>
            anchorOf(m[1] as string),
          );
          expect(headings, `${page}: ${link} names no heading`).toContain(anchor);
        }
      }
    });
  }
});
