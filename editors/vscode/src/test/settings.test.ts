import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { test } from "node:test";

import { SERVER_SETTING_KEYS } from "../generated/settings";
import { configurationAnswer, serverSettings } from "../settings";

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

test("rules and trusted registries become the .bulwark.yaml shape", () => {
  const { settings, problems } = serverSettings(
    reader({
      rules: { "image-tag-latest": "error", "root-user": "off" },
      "trusted-registries": ["registry.example.com", " ghcr.io "],
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    rules: { "image-tag-latest": "error", "root-user": "off" },
    "trusted-registries": ["registry.example.com", "ghcr.io"],
  });
});

test("unset trusted registries stay unset, so the rule stays inactive", () => {
  const { settings } = serverSettings(reader({ rules: {}, "trusted-registries": null }));
  assert.equal("trusted-registries" in settings, false);
  const empty = serverSettings(reader({ "trusted-registries": [] })).settings;
  assert.deepEqual(empty["trusted-registries"], []);
});

test("a bad level is dropped and reported, the rest kept", () => {
  const { settings, problems } = serverSettings(
    reader({ rules: { "root-user": "loud", "sudo-in-run": "hint" } }),
  );
  assert.deepEqual(settings.rules, { "sudo-in-run": "hint" });
  assert.equal(problems.length, 1);
  assert.equal(problems[0].setting, "bulwark.rules.root-user");
});

test("wrong types are reported", () => {
  const { problems } = serverSettings(reader({ rules: ["x"], "trusted-registries": "docker.io" }));
  assert.deepEqual(
    problems.map((p) => p.setting),
    ["bulwark.rules", "bulwark.trusted-registries"],
  );
});

test("workspace/configuration answers the bulwark section only", () => {
  const settings = { rules: { "root-user": "off" as const }, "trusted-registries": ["docker.io"] };
  assert.deepEqual(
    configurationAnswer(
      [{ section: "bulwark" }, { section: "yaml" }, {}, { section: "bulwark.rules" }],
      settings,
    ),
    [settings, null, null, settings.rules],
  );
});

test("every other key of .bulwark.yaml is passed on as set", () => {
  const { settings, problems } = serverSettings(
    reader({
      ignore: ["vendor/"],
      secrets: { allow: ["changeme-[0-9]+"] },
      dockerignore: { required: [".git", "*.p12"] },
      overrides: null,
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    rules: {},
    ignore: ["vendor/"],
    secrets: { allow: ["changeme-[0-9]+"] },
    dockerignore: { required: [".git", "*.p12"] },
  });
  assert.deepEqual(
    configurationAnswer([{ section: "bulwark.dockerignore" }, { section: "bulwark.overrides" }], settings),
    [{ required: [".git", "*.p12"] }, null],
  );
});

test("package.json offers every generated server setting", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  const offered = Object.keys(pkg.contributes.configuration.properties);
  for (const key of SERVER_SETTING_KEYS) {
    assert.ok(offered.includes(`bulwark.${key}`), key);
  }
  assert.ok(!offered.includes("bulwark.fail-on"));
});
