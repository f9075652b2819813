// The VS Code extension: starts `bulwark lsp` through vscode-languageclient,
// passes the `bulwark.*` settings, and adds the restart, output and explain
// commands. The logic that needs no editor lives in plain modules
// (settings, binary, rules) so it can be tested without VS Code.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import { FoundServer, ServerNotFound, findServer } from "./binary";
import { DOCUMENT_SELECTOR } from "./generated/files";
import { explainRule, listRules, ruleOfDiagnostic } from "./rules";
import { ServerSettings, configurationAnswer, serverSettings } from "./settings";

let client: LanguageClient | undefined;
let server: FoundServer | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Bulwark");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("bulwark.restartServer", () => restart(context)),
    vscode.commands.registerCommand("bulwark.showOutput", () => output?.show(true)),
    vscode.commands.registerCommand("bulwark.explainRule", (rule?: string) => explain(rule)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("bulwark.server.path")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function currentSettings(): ServerSettings {
  const configuration = vscode.workspace.getConfiguration("bulwark");
  const { settings, problems } = serverSettings((key) => configuration.get(key));
  for (const problem of problems) {
    output?.appendLine(`Ignoring ${problem.setting}: ${problem.message}`);
  }
  return settings;
}

function locateServer(context: vscode.ExtensionContext): FoundServer {
  const configured = vscode.workspace.getConfiguration("bulwark").get<string>("server.path");
  return findServer({
    configuredPath: configured,
    extensionPath: context.extensionPath,
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  try {
    server = locateServer(context);
  } catch (error) {
    server = undefined;
    const message = error instanceof ServerNotFound ? error.message : String(error);
    output?.appendLine(message);
    void vscode.window.showErrorMessage(message, "Open Settings").then((choice) => {
      if (choice === "Open Settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "bulwark.server.path");
      }
    });
    return;
  }
  output?.appendLine(`Starting ${server.command} lsp (found via ${server.source})`);

  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ["lsp"] },
    debug: { command: server.command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    outputChannel: output,
    initializationOptions: currentSettings(),
    synchronize: {
      // Sends workspace/didChangeConfiguration when a bulwark.* setting changes.
      configurationSection: "bulwark",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.bulwark.{yaml,yml}"),
    },
    middleware: {
      workspace: {
        // The server gets the `.bulwark.yaml`-shaped object, not the raw
        // settings tree with the client's own keys in it.
        configuration: (params) => configurationAnswer(params.items, currentSettings()),
      },
    },
  };
  client = new LanguageClient("bulwark", "Bulwark", serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    if (event.newState === State.Stopped) {
      output?.appendLine("The Bulwark server stopped.");
    }
  });
  try {
    await client.start();
  } catch (error) {
    output?.appendLine(`The Bulwark server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `The Bulwark server (${server.command}) failed to start; see the Bulwark output.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

/** Shows a rule's documentation: the rule given, the one under the cursor, or a pick. */
async function explain(rule?: string): Promise<void> {
  if (!server) {
    void vscode.window.showErrorMessage("No Bulwark binary was found; see the Bulwark output.");
    return;
  }
  const command = server.command;
  let name = rule ?? ruleAtCursor();
  if (!name) {
    const rules = await listRules(command).catch(() => []);
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.name, description: r.severity, detail: r.summary })),
      { placeHolder: "Rule to explain", matchOnDetail: true },
    );
    name = picked?.label;
  }
  if (!name) {
    return;
  }
  try {
    const text = await explainRule(command, name);
    const document = await vscode.workspace.openTextDocument({ content: text, language: "markdown" });
    await vscode.commands.executeCommand("markdown.showPreview", document.uri);
  } catch (error) {
    void vscode.window.showErrorMessage(String(error instanceof Error ? error.message : error));
  }
}

function ruleAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return undefined;
  }
  const position = editor.selection.active;
  for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (diagnostic.range.contains(position)) {
      const name = ruleOfDiagnostic(diagnostic);
      if (name) {
        return name;
      }
    }
  }
  return undefined;
}
