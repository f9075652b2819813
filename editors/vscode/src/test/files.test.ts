import { strict as assert } from "assert";
import { test } from "node:test";
import { minimatch } from "minimatch";

import { DOCUMENT_SELECTOR, LANGUAGE_IDS, NAME_PATTERNS } from "../generated/files";

// A sample name for a glob: each `*` becomes a few letters.
function sample(glob: string): string {
  return glob.replace(/\*/g, "api");
}

function selected(file: string): boolean {
  return DOCUMENT_SELECTOR.some((f) => f.pattern !== undefined && minimatch(file, f.pattern, { dot: true }));
}

test("every name pattern is selected in any letter case and at any depth", () => {
  for (const { glob } of NAME_PATTERNS) {
    for (const name of [sample(glob), sample(glob).toUpperCase(), sample(glob).toLowerCase()]) {
      assert.ok(selected(`/repo/${name}`), name);
      assert.ok(selected(`/repo/deploy/prod/${name}`), name);
    }
  }
});

test("other files are not sent to the server", () => {
  for (const file of ["/repo/README.md", "/repo/main.rs", "/repo/dockerfiles", "/repo/Dockerfile-old"]) {
    assert.equal(selected(file), false, file);
  }
});

test("untitled buffers are chosen by language id", () => {
  const languages = DOCUMENT_SELECTOR.filter((f) => f.scheme === "untitled").map((f) => f.language);
  assert.ok(languages.includes("dockerfile"));
  assert.ok(languages.every((l) => l !== undefined && LANGUAGE_IDS.includes(l)));
});
