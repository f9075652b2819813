// Where the extension finds the `bulwark` binary, in this order: the
// `bulwark.server.path` setting, the binary bundled in the extension
// (`server/<platform>-<arch>/bulwark`), then `bulwark` on PATH.
//
// This module does not import `vscode`, so it is unit-tested under plain node.

import * as fs from "fs";
import * as path from "path";

export type ServerSource = "setting" | "bundled" | "path";

export interface FoundServer {
  command: string;
  source: ServerSource;
}

export interface LookupInput {
  /** The `bulwark.server.path` setting (empty or unset when not given). */
  configuredPath?: string | null;
  /** The extension's install folder. */
  extensionPath: string;
  platform: string;
  arch: string;
  /** The PATH (and on Windows PATHEXT) of the extension host. */
  env: Record<string, string | undefined>;
  /** The first folder of the workspace, to resolve a relative setting. */
  workspaceFolder?: string;
  isExecutable?: (file: string) => boolean;
}

/** The error shown when no binary is found; it says how to get one. */
export class ServerNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerNotFound";
  }
}

/** The executable name on this platform. */
export function executableName(platform: string): string {
  return platform === "win32" ? "bulwark.exe" : "bulwark";
}

/** The bundled binary's path inside the extension. */
export function bundledPath(extensionPath: string, platform: string, arch: string): string {
  return path.join(extensionPath, "server", `${platform}-${arch}`, executableName(platform));
}

export function findServer(input: LookupInput): FoundServer {
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const configured = input.configuredPath?.trim();
  if (configured) {
    const expanded = expandHome(configured, input.env);
    const resolved =
      path.isAbsolute(expanded) || !input.workspaceFolder
        ? expanded
        : path.join(input.workspaceFolder, expanded);
    if (!isExecutable(resolved)) {
      // A wrong setting is an error, not a reason to run some other binary.
      throw new ServerNotFound(
        `bulwark.server.path is set to "${configured}", but no executable is there. ` +
          "Fix the setting or clear it to use the bundled binary or `bulwark` on PATH.",
      );
    }
    return { command: resolved, source: "setting" };
  }

  const bundled = bundledPath(input.extensionPath, input.platform, input.arch);
  if (isExecutable(bundled)) {
    return { command: bundled, source: "bundled" };
  }

  const onPath = searchPath(executableName(input.platform), input.env, input.platform, isExecutable);
  if (onPath) {
    return { command: onPath, source: "path" };
  }

  throw new ServerNotFound(
    `No Bulwark language server was found: this extension has no binary for ` +
      `${input.platform}-${input.arch} and \`bulwark\` is not on PATH. ` +
      "Install it (`cargo install --path server` in a Bulwark checkout puts it on PATH) " +
      "or set bulwark.server.path to the binary.",
  );
}

function searchPath(
  name: string,
  env: Record<string, string | undefined>,
  platform: string,
  isExecutable: (file: string) => boolean,
): string | undefined {
  const raw = env.PATH ?? env.Path ?? "";
  const separator = platform === "win32" ? ";" : ":";
  for (const dir of raw.split(separator)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function expandHome(file: string, env: Record<string, string | undefined>): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (file === "~" || file.startsWith("~/"))) {
    return path.join(home, file.slice(1));
  }
  return file;
}

function defaultIsExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
