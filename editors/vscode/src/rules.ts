// Running the `bulwark` binary for the explain command: the rule list and a
// rule's documentation (the same text as its hover).
//
// This module does not import `vscode`, so it is unit-tested under plain node.

import { execFile } from "child_process";

export interface RuleSummary {
  name: string;
  summary: string;
  severity: string;
}

/** Parses `bulwark rules --format json`; anything unexpected is skipped. */
export function parseRuleList(json: string): RuleSummary[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((item) => {
    if (typeof item !== "object" || item === null || typeof item.name !== "string") {
      return [];
    }
    return [
      {
        name: item.name,
        summary: typeof item.summary === "string" ? item.summary : "",
        severity: typeof item.severity === "string" ? item.severity : "",
      },
    ];
  });
}

/** The rule name a diagnostic carries in `code` (a string or `{ value }`). */
export function ruleOfDiagnostic(diagnostic: { source?: string; code?: unknown }): string | undefined {
  if (diagnostic.source !== "bulwark") {
    return undefined;
  }
  const code = diagnostic.code;
  if (typeof code === "string") {
    return code;
  }
  if (typeof code === "object" && code !== null && "value" in code) {
    const value = (code as { value: unknown }).value;
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

/** Runs the binary and returns its standard output. */
export function run(command: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.toString().trim() || error.message;
        reject(new Error(`${command} ${args.join(" ")}: ${detail}`));
        return;
      }
      resolve(stdout.toString());
    });
  });
}

export async function listRules(command: string): Promise<RuleSummary[]> {
  return parseRuleList(await run(command, ["rules", "--format", "json"]));
}

export function explainRule(command: string, rule: string): Promise<string> {
  return run(command, ["explain", rule]);
}
