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

const DOCKERFILE = [
  "# bulwark-ignore: sudo-in-run",
  "FROM alpine:latest",
  "ADD app.py /app/",
  'CMD ["python3", "/app/app.py"]',
  "",
].join("\n");

// Where the test's settings reach the server: as initialization options, as
// the answer to workspace/configuration (the client answers null for the
// section otherwise), or both, as the extension sends them.
type Via = { init: boolean; configuration: boolean };
const BOTH: Via = { init: true, configuration: true };

function start(via: Via = BOTH) {
  assert.ok(binary, "no bulwark binary: build it (cargo build -p bulwark) or set BULWARK_BIN");
  const { settings } = serverSettings((key) =>
    // unused-suppression raised from its default (hint) and
    // missing-healthcheck (a hint on the FROM line) turned off, to see the
    // settings reach the server.
    key === "rules" ? { "unused-suppression": "warning", "missing-healthcheck": "off" } : undefined,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulwark-vscode-"));
  const file = path.join(dir, "Dockerfile");
  fs.writeFileSync(file, DOCKERFILE);
  const client = Client.start(binary, (items) =>
    via.configuration ? configurationAnswer(items, settings) : items.map(() => null),
  );
  return { client, settings: via.init ? settings : undefined, dir, uri: pathToFileURL(file).toString() };
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

for (const [name, via] of [
  ["as initialization options", { init: true, configuration: false }],
  ["through workspace/configuration", { init: false, configuration: true }],
] as const) {
  test(`the settings reach the server ${name}`, { skip }, async () => {
    const { client, settings, dir, uri } = start(via);
    try {
      await initialize(client, dir, settings);
      open(client, uri, DOCKERFILE);
      const unused = await client.waitFor("unused-suppression on line 1", () =>
        find(client.diagnosticsFor(uri, 1), "unused-suppression"),
      );
      assert.equal(unused.severity, 2, "the level from bulwark.rules (warning)");
      const all = client.diagnosticsFor(uri, 1) ?? [];
      const codes = all.map((d) => d.code);
      assert.ok(codes.includes("root-user"), `root-user, left on, among ${JSON.stringify(codes)}`);
      assert.ok(!codes.includes("missing-healthcheck"), `missing-healthcheck is off: ${JSON.stringify(codes)}`);
      await client.stop();
    } finally {
      client.child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("without settings the catalog's defaults apply", { skip }, async () => {
  const { client, dir, uri } = start({ init: false, configuration: false });
  try {
    await initialize(client, dir, undefined);
    open(client, uri, DOCKERFILE);
    const unused = await client.waitFor("unused-suppression on line 1", () =>
      find(client.diagnosticsFor(uri, 1), "unused-suppression"),
    );
    assert.equal(unused.severity, 4, "the catalog's level (hint)");
    assert.ok(find(client.diagnosticsFor(uri, 1), "missing-healthcheck"), "missing-healthcheck by default");
    await client.stop();
  } finally {
    client.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a rule's finding carries its code, source and range, and its fix applies", { skip }, async () => {
  const { client, settings, dir, uri } = start();
  try {
    await initialize(client, dir, settings);
    open(client, uri, DOCKERFILE);
    const latest = await client.waitFor("image-tag-latest on line 2", () =>
      find(client.diagnosticsFor(uri, 1), "image-tag-latest"),
    );
    assert.equal(latest.source, "bulwark");
    assert.equal(latest.severity, 2, "image-tag-latest is a warning");
    assert.deepEqual(latest.range, {
      start: { line: 1, character: "FROM alpine:".length },
      end: { line: 1, character: "FROM alpine:latest".length },
    });

    const add = find(client.diagnosticsFor(uri, 1), "add-instead-of-copy");
    assert.ok(add, "add-instead-of-copy in the same publication");
    assert.deepEqual(add.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    const actions = (await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: add.range,
      context: { diagnostics: [add], only: ["quickfix"] },
    })) as Array<{ title: string }> | null;
    const fix = actions?.find((a) => editsOf(a, uri).length > 0 && /COPY/.test(a.title));
    assert.ok(fix, `a fix to COPY among ${JSON.stringify(actions?.map((a) => a.title))}`);
    const fixed = applyEdits(DOCKERFILE, editsOf(fix, uri));
    assert.equal(fixed, DOCKERFILE.replace("ADD app.py", "COPY app.py"));

    client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    await client.waitFor("diagnostics of version 2 without add-instead-of-copy", () => {
      const published = client.published.get(uri);
      const current = published?.version === undefined || published.version >= 2;
      return current && published && !find(published.diagnostics, "add-instead-of-copy") ? true : undefined;
    });
    assert.ok(find(client.published.get(uri)?.diagnostics, "image-tag-latest"), "image-tag-latest stays");
    await client.stop();
  } finally {
    client.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
