#!/usr/bin/env node
// The front end's modules import one another without a loop: a screen never
// imports the frame (app.js) or anything that leads back to itself. A loop
// works in a browser only as long as no module reads an import while the
// modules are still being evaluated, and makes the order of evaluation
// matter; keeping the graph acyclic keeps every module loadable on its own.
//
// Reads the static `import … from '…'`, `export … from '…'` and `import '…'`
// statements of every .js file under ui/ (relative specifiers only: the front
// end has no packages), builds the file graph and exits 1, printing each
// cycle, when a file reaches itself through its imports. No dependencies.
//
//   node scripts/ui-imports.mjs [folder]   (default: ui/ beside scripts/)

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI = resolve(process.argv[2] ?? join(ROOT, 'ui'));
// Enough to show every loop of a tangled graph without flooding a terminal.
const MAX_CYCLES = 200;

// At the start of a line: `import a, { b as c } from './x.js'`, `import * as m from …`,
// `export { a } from …`, `export * from …`, over several lines if need be.
const FROM = /^[ \t]*(?:import|export)\s+([\w$*{}\s,]+?)\s*from\s*(['"])([^'"\n]+)\2/gm;
// A module imported only for what it does: `import './x.js'`.
const BARE = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;

function jsFiles(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...jsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.js')) found.push(path);
  }
  return found.sort();
}

/** The specifiers a module's static imports and re-exports name. */
function specifiers(source) {
  const found = [];
  for (const match of source.matchAll(FROM)) found.push(match[3]);
  for (const match of source.matchAll(BARE)) found.push(match[2]);
  return found;
}

const name = (path) => relative(ROOT, path).split(sep).join('/');

function buildGraph(files) {
  const graph = new Map();
  const problems = [];
  for (const file of files) {
    const edges = new Set();
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('./') && !spec.startsWith('../')) {
        problems.push(`${name(file)}: imports "${spec}", which is not a file of the front end`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (!existsSync(target)) {
        problems.push(`${name(file)}: imports "${spec}", which does not exist`);
        continue;
      }
      edges.add(target);
    }
    graph.set(file, [...edges].sort());
  }
  return { graph, problems };
}

/** Tarjan's strongly connected components: every loop lies inside one. */
function components(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const result = [];
  function visit(node) {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      result.push(component.sort());
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return result;
}

/**
 * Every elementary cycle of one component, each written once: it starts at
 * its smallest file and goes only through larger ones.
 */
function cyclesOf(component, graph, limit) {
  const members = new Set(component);
  const cycles = [];
  for (const start of component) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (node) => {
      for (const next of graph.get(node) ?? []) {
        if (cycles.length >= limit) return;
        if (!members.has(next)) continue;
        if (next === start) cycles.push([...path, start]);
        else if (next > start && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          path.pop();
          onPath.delete(next);
        }
      }
    };
    walk(start);
  }
  return cycles;
}

function main() {
  if (!existsSync(UI)) {
    console.error(`ui-imports: no folder ${UI}`);
    process.exit(2);
  }
  const files = jsFiles(UI);
  const { graph, problems } = buildGraph(files);
  const tangled = components(graph).filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]));
  const cycles = [];
  for (const component of tangled) cycles.push(...cyclesOf(component, graph, MAX_CYCLES - cycles.length));

  for (const problem of problems) console.error(`ui-imports: ${problem}`);
  if (cycles.length) {
    console.error(`ui-imports: ${cycles.length}${cycles.length >= MAX_CYCLES ? '+' : ''} import cycle(s) in ${name(UI)}/:`);
    for (const cycle of cycles) console.error(`  ${cycle.map(name).join(' → ')}`);
  }
  const edges = [...graph.values()].reduce((sum, list) => sum + list.length, 0);
  if (problems.length || cycles.length) process.exit(1);
  console.log(`ui-imports: ${files.length} modules, ${edges} imports, no cycle`);
}

main();
