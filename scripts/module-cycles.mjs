// Finds import circles between the modules of a Rust crate: which module names which, from the
// `use` lines and the paths in the code (`crate::a::b`, `super::x`, `self::x`, a child module's
// name), test modules left out. Prints each circle with the lines that close it and exits 1 if
// there is one:
//
//   node scripts/module-cycles.mjs src core/src dev-api/src
//
// A module naming one of its own submodules (a `mod.rs` re-exporting its children) is the tree, not
// a circle, and is not counted; a submodule naming its parent is.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The `.rs` files under `dir`, without `bin/` (each of those is a crate of its own). */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bin' ? [] : files(path);
    return name.endsWith('.rs') ? [path] : [];
  });
}

/** `a/b.rs` and `a/b/mod.rs` → `a::b`; `lib.rs` → `crate`. */
function moduleOf(root, file) {
  const parts = relative(root, file).replace(/\.rs$/, '').split('/');
  if (parts.at(-1) === 'mod') parts.pop();
  if (parts.length === 1 && (parts[0] === 'lib' || parts[0] === 'main')) return 'crate';
  return ['crate', ...parts].join('::');
}

/** The code without comments, the contents of strings and chars, and `#[cfg(test)]` items. */
function code(text) {
  // One pass, so that `//` in a string and `"` in a comment mean nothing; lines are kept.
  let out = '';
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i, i + 3);
    const raw = /^r(#*)"/.exec(text.slice(i, i + 40));
    let end;
    if (rest.startsWith('//')) end = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (rest.startsWith('/*')) end = text.indexOf('*/', i) + 2;
    else if (raw && !/\w/.test(text[i - 1] ?? '')) end = text.indexOf(`"${raw[1]}`, i + raw[0].length) + raw[1].length + 1;
    else if (text[i] === '"') {
      for (end = i + 1; text[end] !== '"'; end += text[end] === '\\' ? 2 : 1);
      end++;
    } else if (/^'(\\.|[^'\\])'/.test(text.slice(i, i + 4)) || /^'\\u\{/.test(rest)) end = text.indexOf("'", i + 2) + 1;
    else {
      out += text[i++];
      continue;
    }
    out += text.slice(i, end).replace(/[^\n]/g, ' ');
    i = end;
  }
  // Blank each #[cfg(test)] item: up to its `;`, or its braces when it has a body.
  for (let at = out.indexOf('#[cfg(test)]'); at !== -1; at = out.indexOf('#[cfg(test)]', at + 1)) {
    let end = at;
    let depth = 0;
    for (; end < out.length; end++) {
      if (out[end] === '{') depth++;
      else if (out[end] === '}' && --depth === 0) break;
      else if (out[end] === ';' && depth === 0) break;
    }
    out = out.slice(0, at) + out.slice(at, end + 1).replace(/[^\n]/g, ' ') + out.slice(end + 1);
  }
  return out;
}

/** Expands a `use` tree (`a::{b, c::d as e}`) into its paths. */
function expand(tree) {
  tree = tree.replace(/\s+/g, '');
  const open = tree.indexOf('{');
  if (open === -1) return [tree.replace(/as\w+$/, '')];
  const prefix = tree.slice(0, open);
  const inner = tree.slice(open + 1, tree.lastIndexOf('}'));
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    if (inner[i] === '{') depth++;
    if (inner[i] === '}') depth--;
    if ((inner[i] === ',' && depth === 0) || i === inner.length) {
      if (i > start) parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  return parts.flatMap((part) => expand(part).map((p) => (p === 'self' ? prefix.replace(/::$/, '') : prefix + p)));
}

function graph(root) {
  const sources = files(root).filter((f) => !(f.endsWith('main.rs') && files(root).some((g) => g.endsWith('lib.rs'))));
  const modules = new Map(sources.map((file) => [moduleOf(root, file), file]));
  const edges = new Map(); // "from -> to" → ["file:line", ...]
  for (const [from, file] of modules) {
    const text = code(readFileSync(file, 'utf8'));
    const resolve = (path) => {
      let segments = path.split('::');
      if (segments[0] === 'crate') segments = segments.slice(1);
      else if (segments[0] === 'self') segments = [...from.split('::').slice(1), ...segments.slice(1)];
      else if (segments[0] === 'super') {
        let base = from.split('::').slice(1);
        while (segments[0] === 'super') {
          base = base.slice(0, -1);
          segments = segments.slice(1);
        }
        segments = [...base, ...segments];
      } else if (modules.has(`${from}::${segments[0]}`)) segments = [...from.split('::').slice(1), ...segments];
      else return null; // another crate, or an item in scope
      // The deepest module the path names.
      for (let n = segments.length; n >= 0; n--) {
        const candidate = ['crate', ...segments.slice(0, n)].join('::');
        if (modules.has(candidate)) return candidate;
      }
      return null;
    };
    const add = (path, index) => {
      const to = resolve(path);
      if (!to || to === from || to.startsWith(`${from}::`)) return;
      const line = text.slice(0, index).split('\n').length;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), `${relative('.', file)}:${line}`]);
    };
    for (const m of text.matchAll(/\buse\s+([^;]+);/g)) for (const path of expand(m[1])) add(path, m.index);
    const uses = text.replace(/\buse\s+[^;]+;/g, (m) => m.replace(/[^\n]/g, ' '));
    for (const m of uses.matchAll(/(?<![\w:])((?:crate|super|self|\w+)(?:::\w+)+)/g)) add(m[1], m.index);
  }
  return { modules: [...modules.keys()], edges };
}

/** Strongly connected components with more than one module (Tarjan). */
function circles(modules, edges) {
  const next = new Map(modules.map((m) => [m, []]));
  for (const key of edges.keys()) {
    const [from, to] = key.split(' -> ');
    next.get(from).push(to);
  }
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const found = [];
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    for (const w of next.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do component.push((w = stack.pop()));
      while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  modules.forEach((m) => index.has(m) || visit(m));
  return found;
}

let failed = false;
for (const root of process.argv.slice(2)) {
  const { modules, edges } = graph(root);
  const found = circles(modules, edges);
  if (found.length === 0) console.log(`${root}: no import circle (${modules.length} modules)`);
  for (const component of found) {
    failed = true;
    console.log(`${root}: a circle through ${component.join(', ')}`);
    for (const [key, where] of edges) {
      const [from, to] = key.split(' -> ');
      if (component.includes(from) && component.includes(to)) console.log(`  ${key}  (${where.join(', ')})`);
    }
  }
}
process.exit(failed ? 1 : 0);
