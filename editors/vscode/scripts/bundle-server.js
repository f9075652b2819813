// Copies a built `bulwark` into server/<platform>-<arch>/ so `vsce package
// --target <platform>-<arch>` ships it. Usage:
//   node scripts/bundle-server.js [path/to/bulwark] [platform-arch]
// The defaults are the release build of this checkout and this machine.
// Only linux-x64 can be built on the project's machines; other targets need
// their binary built elsewhere and passed here.

const fs = require("fs");
const path = require("path");

const target = process.argv[3] ?? `${process.platform}-${process.arch}`;
const exe = target.startsWith("win32-") ? "bulwark.exe" : "bulwark";
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(__dirname, "..", "..", "..", "target");
const source = process.argv[2] ?? path.join(targetDir, "release", exe);

if (!fs.existsSync(source)) {
  console.error(`no binary at ${source}: run \`cargo build --release -p bulwark\` first or pass its path`);
  process.exit(1);
}
const destination = path.join(__dirname, "..", "server", target, exe);
fs.mkdirSync(path.dirname(destination), { recursive: true });
fs.copyFileSync(source, destination);
fs.chmodSync(destination, 0o755);
console.log(`bundled ${source} as ${path.relative(process.cwd(), destination)}`);
