// One measurement for bench/activation.bench.ts, in a fresh Node process: loads a built
// extension.js the way the extension host does (read, compile, run the top level) against a
// stand-in `vscode` module, calls activate(), and prints the wall-clock and CPU milliseconds of
// each phase as JSON. Usage: node bench/activation-probe.cjs DIST/extension.js
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

// Built-ins the extension host has loaded before any extension (its proxy support patches these).
for (const name of ['http', 'https', 'net', 'node:crypto', 'node:fs/promises', 'node:path']) {
  require(name);
}

/** Any member of the stand-in API: callable, constructible, and every property is another one. */
function standIn(name) {
  const members = new Map();
  return new Proxy(function () {}, {
    get(target, key) {
      if (key === 'then') {
        return undefined; // not a thenable
      }
      if (key === 'prototype') {
        return target.prototype;
      }
      if (key === Symbol.toPrimitive) {
        return () => name;
      }
      if (key === Symbol.iterator) {
        return function* () {};
      }
      if (key === 'fsPath' || key === 'path') {
        return path.join(__dirname, 'no-such-folder');
      }
      if (key === 'subscriptions') {
        return [];
      }
      if (!members.has(key)) {
        members.set(key, standIn(`${name}.${String(key)}`));
      }
      return members.get(key);
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const api = {};
for (const [, name] of dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let|var) (\w+)/gm)) {
  api[name] = standIn(`vscode.${name}`);
}
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? api : load.call(this, request, ...rest);
};

const file = path.resolve(process.argv[2]);
const marks = [];
const mark = (name) => {
  const cpu = process.cpuUsage();
  marks.push({ name, wall: performance.now(), cpu: (cpu.user + cpu.system) / 1000 });
};
mark('start');
const source = fs.readFileSync(file, 'utf8');
mark('read');
const script = new vm.Script(Module.wrap(source), { filename: file });
mark('compile');
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
mark('topLevel');
mod.exports.activate(standIn('context'));
mark('activate');
const result = {};
for (let i = 1; i < marks.length; i++) {
  result[marks[i].name] = { wall: marks[i].wall - marks[i - 1].wall, cpu: marks[i].cpu - marks[i - 1].cpu };
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0); // the stand-in API keeps nothing alive, but timers of the extension would
