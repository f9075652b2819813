import { strict as assert } from "assert";
import { test } from "node:test";

import { parseRuleList, ruleOfDiagnostic } from "../rules";

test("the rule list is read from `bulwark rules --format json`", () => {
  const json = JSON.stringify([
    { name: "root-user", summary: "Runs as root", severity: "warning", formats: ["dockerfile"] },
    { summary: "no name" },
  ]);
  assert.deepEqual(parseRuleList(json), [{ name: "root-user", summary: "Runs as root", severity: "warning" }]);
  assert.deepEqual(parseRuleList("not json"), []);
});

test("only Bulwark's diagnostics name a rule", () => {
  assert.equal(ruleOfDiagnostic({ source: "bulwark", code: "root-user" }), "root-user");
  assert.equal(ruleOfDiagnostic({ source: "bulwark", code: { value: "privileged", target: {} } }), "privileged");
  assert.equal(ruleOfDiagnostic({ source: "hadolint", code: "DL3007" }), undefined);
});
