import { strict as assert } from "assert";
import { test } from "node:test";

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
