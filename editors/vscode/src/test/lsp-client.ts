// A small LSP client over vscode-jsonrpc for the protocol tests: it starts
// the real `bulwark lsp`, records published diagnostics and applies edits.

import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from "vscode-jsonrpc/node";

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** The binary under test: $BULWARK_BIN, else the workspace's debug build. */
export function bulwarkBinary(): string | undefined {
  const candidates = [
    process.env.BULWARK_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "debug", "bulwark"),
    path.join(__dirname, "..", "..", "..", "..", "target", "debug", "bulwark"),
  ];
  return candidates.find((c): c is string => typeof c === "string" && c !== "" && fs.existsSync(c));
}

export class Client {
  readonly connection: MessageConnection;
  readonly published = new Map<string, PublishedDiagnostics>();
  readonly stderr: string[] = [];
  private exited: Promise<number | null>;

  constructor(
    readonly child: ChildProcess,
    configuration: (items: Array<{ section?: string }>) => unknown[],
  ) {
    if (!child.stdout || !child.stdin) {
      throw new Error("the server has no stdio");
    }
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    child.stderr?.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishedDiagnostics) => {
      this.published.set(params.uri, params);
    });
    this.connection.onRequest("workspace/configuration", (params: { items: Array<{ section?: string }> }) =>
      configuration(params.items),
    );
    // Requests a client must answer even if it ignores them.
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.onNotification("window/logMessage", () => undefined);
    this.connection.listen();
  }

  static start(command: string, configuration: (items: Array<{ section?: string }>) => unknown[]): Client {
    const child = spawn(command, ["lsp"], { stdio: ["pipe", "pipe", "pipe"] });
    return new Client(child, configuration);
  }

  /** Sends a request; fails with the server's stderr if it exits first. */
  async request<T>(method: string, params?: unknown): Promise<T> {
    const exited = this.exited.then((code) => {
      throw new Error(`the server exited (code ${code}) during ${method}:\n${this.stderr.join("")}`);
    });
    // A request without params must not send `[null]`: servers reject that.
    const sent = params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params);
    return Promise.race([sent as Promise<T>, exited]);
  }

  /** Polls until `find` returns something, or fails after `timeoutMs`. */
  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr.join("")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Diagnostics published for `uri` at `version` (or later). */
  diagnosticsFor(uri: string, version: number): Diagnostic[] | undefined {
    const published = this.published.get(uri);
    if (!published) {
      return undefined;
    }
    if (published.version !== undefined && published.version < version) {
      return undefined;
    }
    return published.diagnostics;
  }

  async stop(): Promise<number | null> {
    await this.request("shutdown");
    this.connection.sendNotification("exit");
    const code = await Promise.race([
      this.exited,
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000)),
    ]);
    this.connection.dispose();
    if (code === "timeout") {
      this.child.kill();
      throw new Error("the server did not exit after shutdown and exit");
    }
    return code;
  }
}

/** Applies LSP text edits (UTF-16 positions, as JavaScript strings count). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      lineStarts.push(i + 1);
    }
  }
  const offset = (p: Position) =>
    Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}

/** The edits a code action makes to `uri` (`changes` or `documentChanges`). */
export function editsOf(action: unknown, uri: string): TextEdit[] {
  const edit = (action as { edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: unknown[] } })
    .edit;
  if (!edit) {
    return [];
  }
  if (edit.changes?.[uri]) {
    return edit.changes[uri];
  }
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    const c = change as { textDocument?: { uri: string }; edits?: TextEdit[] };
    if (c.textDocument?.uri === uri && c.edits) {
      edits.push(...c.edits);
    }
  }
  return edits;
}
