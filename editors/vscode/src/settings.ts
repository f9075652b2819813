// Editor settings to the server's configuration: the `bulwark.*` settings
// other than the client's own (`server.path`, `trace.server`) carry the keys
// of `.bulwark.yaml`. Their list (generated/settings.ts) and their schema in
// package.json are generated from server/src/config.rs by
// `cargo run -p xtask -- generate`, so a new key reaches the server without
// a change here.
//
// This module does not import `vscode`, so it is unit-tested under plain node.

/** A rule's configured level, as `.bulwark.yaml` spells it. */
export type RuleLevel = "off" | "error" | "warning" | "info" | "hint";

export const RULE_LEVELS: readonly RuleLevel[] = ["off", "error", "warning", "info", "hint"];

import { SERVER_SETTING_KEYS } from "./generated/settings";

/**
 * The configuration sent to the server: the shape of `.bulwark.yaml`. Keys
 * other than these two are passed on as set; the server checks them.
 */
export interface ServerSettings {
  rules: Record<string, RuleLevel>;
  "trusted-registries"?: string[];
  [key: string]: unknown;
}

/** Reads one setting under `bulwark.` (as `WorkspaceConfiguration.get`). */
export type SettingReader = (key: string) => unknown;

/** A problem found in the user's settings, to show once. */
export interface SettingsProblem {
  setting: string;
  message: string;
}

/**
 * The server's configuration from the editor's settings. Entries the server
 * would reject are left out and reported, so one typo does not cost the user
 * every other setting.
 */
export function serverSettings(read: SettingReader): {
  settings: ServerSettings;
  problems: SettingsProblem[];
} {
  const problems: SettingsProblem[] = [];
  const rules: Record<string, RuleLevel> = {};
  const rawRules = read("rules");
  if (isPlainObject(rawRules)) {
    for (const [rule, level] of Object.entries(rawRules)) {
      if (typeof level === "string" && (RULE_LEVELS as readonly string[]).includes(level)) {
        rules[rule] = level as RuleLevel;
      } else {
        problems.push({
          setting: `bulwark.rules.${rule}`,
          message: `must be one of ${RULE_LEVELS.join(", ")}, not ${JSON.stringify(level)}`,
        });
      }
    }
  } else if (rawRules !== undefined && rawRules !== null) {
    problems.push({ setting: "bulwark.rules", message: "must be an object of rule → level" });
  }

  const settings: ServerSettings = { rules };
  const registries = read("trusted-registries");
  if (Array.isArray(registries)) {
    const hosts = registries.filter((r): r is string => typeof r === "string" && r.trim() !== "");
    if (hosts.length !== registries.length) {
      problems.push({
        setting: "bulwark.trusted-registries",
        message: "entries must be registry host names (strings)",
      });
    }
    settings["trusted-registries"] = hosts.map((h) => h.trim());
  } else if (registries !== undefined && registries !== null) {
    problems.push({
      setting: "bulwark.trusted-registries",
      message: "must be a list of registry host names",
    });
  }
  for (const key of SERVER_SETTING_KEYS) {
    if (key === "rules" || key === "trusted-registries") {
      continue;
    }
    const value = read(key);
    // Unset (null, the default) leaves the key to the file and the catalog.
    if (value !== undefined && value !== null) {
      settings[key] = value;
    }
  }
  return { settings, problems };
}

/**
 * The answer to a `workspace/configuration` request: the server asks for the
 * section `bulwark` and gets the same object as its initialization options;
 * other sections are not ours and get `null`.
 */
export function configurationAnswer(
  items: ReadonlyArray<{ section?: string }>,
  settings: ServerSettings,
): unknown[] {
  return items.map((item) => {
    if (item.section === "bulwark") {
      return settings;
    }
    const key = item.section?.startsWith("bulwark.") ? item.section.slice("bulwark.".length) : undefined;
    if (key !== undefined && SERVER_SETTING_KEYS.includes(key)) {
      return settings[key] ?? null;
    }
    return null;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
