import { strict as assert } from "assert";
import * as path from "path";
import { test } from "node:test";

import { ServerNotFound, bundledPath, findServer } from "../binary";

const ext = path.join(path.sep, "ext");

function lookup(executables: string[], overrides: Partial<Parameters<typeof findServer>[0]> = {}) {
  return findServer({
    extensionPath: ext,
    platform: "linux",
    arch: "x64",
    env: { PATH: ["/usr/local/bin", "/opt/bulwark/bin"].join(":"), HOME: "/home/me" },
    isExecutable: (file) => executables.includes(file),
    ...overrides,
  });
}

test("the setting wins over everything", () => {
  const bundled = bundledPath(ext, "linux", "x64");
  const found = lookup(["/custom/bulwark", bundled, "/usr/local/bin/bulwark"], {
    configuredPath: "/custom/bulwark",
  });
  assert.deepEqual(found, { command: "/custom/bulwark", source: "setting" });
});

test("a relative or ~ setting is resolved", () => {
  assert.equal(
    lookup(["/work/repo/bin/bulwark"], { configuredPath: "bin/bulwark", workspaceFolder: "/work/repo" })
      .command,
    "/work/repo/bin/bulwark",
  );
  assert.equal(
    lookup(["/home/me/.cargo/bin/bulwark"], { configuredPath: "~/.cargo/bin/bulwark" }).command,
    "/home/me/.cargo/bin/bulwark",
  );
});

test("a setting that points nowhere is an error, not a fallback", () => {
  assert.throws(
    () => lookup(["/usr/local/bin/bulwark"], { configuredPath: "/nope/bulwark" }),
    (error: unknown) => error instanceof ServerNotFound && /bulwark\.server\.path/.test(error.message),
  );
});

test("the bundled binary comes before PATH", () => {
  const bundled = path.join(ext, "server", "linux-x64", "bulwark");
  assert.deepEqual(lookup([bundled, "/usr/local/bin/bulwark"]), { command: bundled, source: "bundled" });
});

test("PATH is searched in order", () => {
  assert.deepEqual(lookup(["/opt/bulwark/bin/bulwark"]), {
    command: "/opt/bulwark/bin/bulwark",
    source: "path",
  });
});

test("windows looks for bulwark.exe in its own folder", () => {
  const bundled = bundledPath(ext, "win32", "arm64");
  assert.ok(bundled.endsWith(path.join("server", "win32-arm64", "bulwark.exe")));
});

test("nothing found says how to install", () => {
  assert.throws(
    () => lookup([]),
    (error: unknown) =>
      error instanceof ServerNotFound &&
      /cargo install --path server/.test(error.message) &&
      /linux-x64/.test(error.message),
  );
});
