// Checks every ```mermaid block of Markdown files with mermaid's own browser bundle in headless
// Chromium: parse() catches syntax errors, render() also what only layout finds. A repository
// viewer renders the same text, so a block that fails here shows there as an error box.
//   node scripts/browser/check-mermaid.mjs [--out DIR] [PATH...]
// PATH: Markdown files or directories (searched for *.md); default README.md and docs/ of the repo.
// --out DIR: also write each rendered diagram as DIR/<file>-<line>.svg, to look at.
// One line per failure, `FILE:LINE: mermaid: <error>`, then a summary. Exit 0 all rendered,
// 1 a failure or no diagram at all, 2 a usage error. Chromium: $CHROMIUM, else /usr/bin/chromium.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bundle = join(here, 'node_modules/mermaid/dist/mermaid.min.js');
const usage = 'usage: check-mermaid.mjs [--out DIR] [FILE|DIR...]';

function die(message, code = 1) {
  console.error(`error: ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const paths = [];
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      if (i + 1 >= argv.length) die(`--out needs a directory; ${usage}`, 2);
      out = argv[++i];
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg === '-h' || arg === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      die(`unknown option '${arg}'; ${usage}`, 2);
    } else {
      paths.push(resolve(arg));
    }
  }
  return { out, paths: paths.length ? paths : [join(root, 'README.md'), join(root, 'docs')] };
}

// Markdown files under the given paths, sorted, each once.
function markdownFiles(paths) {
  const files = new Set();
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.md')) files.add(child);
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) die(`no such file or directory: ${relative(process.cwd(), path) || path}`, 2);
    if (statSync(path).isDirectory()) walk(path);
    else files.add(path);
  }
  return [...files];
}

// The ```mermaid (or ~~~mermaid) blocks of a file: { line: the fence's line, first: the text's
// first line, text }. A block left open counts as a failure: a viewer would swallow the rest.
function mermaidBlocks(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*mermaid\s*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) j++;
    blocks.push({ line: i + 1, first: i + 2, text: lines.slice(i + 1, j).join('\n'), open: j === lines.length });
    i = j;
  }
  return blocks;
}

// One line of a mermaid error, pointing at the file's line when the parser names one.
function located(block, message) {
  const lines = String(message).split('\n').map((l) => l.trim()).filter(Boolean);
  let text = lines[0] ?? 'unknown error';
  // "Parse error on line 3:" says where, the last line ("Expecting ..., got ...") says what.
  if (text.endsWith(':') && lines.length > 1) text = `${text} ${lines[lines.length - 1]}`;
  const at = /on line (\d+)/.exec(text);
  return { line: at ? block.first + Number(at[1]) - 1 : block.line, text };
}

const { out, paths } = parseArgs(process.argv.slice(2));
if (!existsSync(bundle)) die(`${relative(process.cwd(), bundle)} missing; run scripts/browser.sh (npm ci in scripts/browser)`);
const files = markdownFiles(paths);
if (out) mkdirSync(out, { recursive: true });

const browser = await launch();
let diagrams = 0;
let withDiagrams = 0;
const failures = [];
try {
  const page = await browser.newPage();
  // Nothing may come from the network: the bundle is the lock file's, injected from disk.
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: bundle });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, suppressErrorRendering: true }));
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    const blocks = mermaidBlocks(file);
    if (blocks.length) withDiagrams++;
    for (const block of blocks) {
      diagrams++;
      if (block.open) {
        failures.push(`${shown}:${block.line}: mermaid: the block is never closed`);
        continue;
      }
      const result = await page.evaluate(async ({ id, text }) => {
        try {
          await window.mermaid.parse(text);
          const { svg } = await window.mermaid.render(id, text);
          return { svg };
        } catch (e) {
          document.getElementById(`d${id}`)?.remove(); // render's scratch element, left on error
          return { error: String(e?.message ?? e) };
        }
      }, { id: `diagram${diagrams}`, text: block.text });
      if (result.error !== undefined) {
        const { line, text } = located(block, result.error);
        failures.push(`${shown}:${line}: mermaid: ${text}`);
      } else if (out) {
        const name = `${relative(root, file).replaceAll('/', '_').replace(/\.md$/, '')}-${block.line}.svg`;
        writeFileSync(join(out, name), result.svg);
      }
    }
  }
} finally {
  await browser.close();
}

for (const failure of failures) console.log(failure);
const where = `${diagrams} diagram${diagrams === 1 ? '' : 's'} in ${withDiagrams} of ${files.length} files`;
if (failures.length) {
  console.log(`mermaid: ${failures.length} of ${where} failed`);
  process.exit(1);
}
if (!diagrams) die(`no \`\`\`mermaid block in ${files.length} Markdown files`);
console.log(`mermaid: ${where} parsed and rendered`);
