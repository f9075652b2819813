// Drives the real `bulwark lsp` the way the extension's client does:
// initialize with the settings as initialization options, open a
// Dockerfile, receive diagnostics with code and source, hover, take a code
// action, edit, shut down. Needs the binary (see `bulwarkBinary`); without
// it the test is skipped, except under CI where it fails.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { test } from "node:test";

import { configurationAnswer, serverSettings } from "../settings";
import { Client, Diagnostic, applyEdits, bulwarkBinary, editsOf } from "./lsp-client";

const binary = bulwarkBinary();
const skip = binary === undefined && !process.env.CI ? "no bulwark binary (set BULWARK_BIN)" : false;

// Work that other parts of Bulwark still owe; the runner reports these tests
// as TODO (run, but not failing the suite) until it lands. Remove a marker
// when its part is on main.
const PENDING_SETTINGS = "pending: the server does not read editor settings yet";
const PENDING_RULES = "pending: the Dockerfile rules are not on main yet";

const DOCKERFILE = [
  "# bulwark-ignore: sudo-in-run",
  "FROM alpine:latest",
  "ADD app.py /app/",
  'CMD ["python3", "/app/app.py"]',
  "",
].join("\n");

function start() {
  assert.ok(binary, "no bulwark binary: build it (cargo build -p bulwark) or set BULWARK_BIN");
  const { settings } = serverSettings((key) =>
    // Raised from its default (hint), to see the settings reach the server.
    key === "rules" ? { "unused-suppression": "warning" } : undefined,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulwark-vscode-"));
  const file = path.join(dir, "Dockerfile");
  fs.writeFileSync(file, DOCKERFILE);
  const client = Client.start(binary, (items) => configurationAnswer(items, settings));
  return { client, settings, dir, uri: pathToFileURL(file).toString() };
}

async function initialize(client: Client, dir: string, settings: unknown) {
  const result = (await client.request("initialize", {
    processId: process.pid,
    clientInfo: { name: "bulwark-vscode-protocol-test" },
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: "test" }],
    initializationOptions: settings,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        hover: { contentFormat: ["markdown", "plaintext"] },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source"] } },
          isPreferredSupport: true,
        },
      },
    },
  })) as { capabilities: Record<string, unknown> };
  client.connection.sendNotification("initialized", {});
  return result.capabilities;
}

function open(client: Client, uri: string, text: string) {
  client.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "dockerfile", version: 1, text },
  });
}

function find(diagnostics: Diagnostic[] | undefined, code: string) {
  return diagnostics?.find((d) => d.code === code);
}

test("diagnostics, hover, code action and edits through bulwark lsp", { skip }, async () => {
  const { client, settings, dir, uri } = start();
  try {
    const capabilities = await initialize(client, dir, settings);
    assert.ok(capabilities.hoverProvider, "hover is advertised");
    assert.ok(capabilities.codeActionProvider, "code actions are advertised");

    open(client, uri, DOCKERFILE);
    const unused = await client.waitFor("unused-suppression on line 1", () =>
      find(client.diagnosticsFor(uri, 1), "unused-suppression"),
    );
    assert.equal(unused.source, "bulwark");
    assert.equal(unused.range.start.line, 0);
    assert.equal(unused.range.start.character, 0);

    const hover = (await client.request("textDocument/hover", {
      textDocument: { uri },
      position: unused.range.start,
    })) as { contents: unknown } | null;
    assert.ok(hover, "a hover on the finding");
    assert.match(JSON.stringify(hover.contents), /unused-suppression/);

    const actions = (await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: unused.range,
      context: { diagnostics: [unused], only: ["quickfix"] },
    })) as Array<{ title: string; kind?: string }> | null;
    assert.ok(actions && actions.length > 0, "code actions for the finding");
    const fix = actions.find((a) => editsOf(a, uri).length > 0 && /remove/i.test(a.title));
    assert.ok(fix, `a fix that removes the suppression among ${JSON.stringify(actions.map((a) => a.title))}`);
    const fixed = applyEdits(DOCKERFILE, editsOf(fix, uri));
    assert.equal(fixed.includes("bulwark-ignore"), false, fixed);
    assert.ok(fixed.startsWith("FROM alpine:latest\n"), fixed);

    client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    await client.waitFor("diagnostics of version 2 without the suppression", () => {
      const published = client.published.get(uri);
      const current = published?.version === undefined || published.version >= 2;
      return current && !find(published?.diagnostics, "unused-suppression") ? true : undefined;
    });

    assert.equal(await client.stop(), 0, "exit code after shutdown and exit");
  } finally {
    client.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the settings reach the server as initialization options", { skip, todo: PENDING_SETTINGS }, async () => {
  const { client, settings, dir, uri } = start();
  try {
    await initialize(client, dir, settings);
    open(client, uri, DOCKERFILE);
    const unused = await client.waitFor("unused-suppression on line 1", () =>
      find(client.diagnosticsFor(uri, 1), "unused-suppression"),
    );
    assert.equal(unused.severity, 2, "the level from bulwark.rules (warning)");
    await client.stop();
  } finally {
    client.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a rule's finding carries its code, source and range", { skip, todo: PENDING_RULES }, async () => {
  const { client, settings, dir, uri } = start();
  try {
    await initialize(client, dir, settings);
    open(client, uri, DOCKERFILE);
    const latest = await client.waitFor("image-tag-latest on line 2", () =>
      find(client.diagnosticsFor(uri, 1), "image-tag-latest"),
    );
    assert.equal(latest.source, "bulwark");
    assert.equal(latest.range.start.line, 1);
    assert.ok(latest.range.start.character >= "FROM ".length, JSON.stringify(latest.range));
    await client.stop();
  } finally {
    client.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
