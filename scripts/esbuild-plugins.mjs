// esbuild plugins that keep the extension's activation light (issue #17: activating takes at most
// 50 ms of the extension host's time). VS Code counts the time to load the bundle (compile and
// run its top-level code) plus the time activate() runs; both plugins cut the first without
// changing any source file.
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import * as path from 'node:path';

/**
 * `import * as vscode from 'vscode'` in a bundle compiles to `__toESM(require('vscode'))` once per
 * importing module, and each call copies the API's ~200 members as getters: about 60 modules × 200
 * properties, 15–20 ms at load. This resolves `vscode` to one ES module that re-exports the API's
 * names (read from @types/vscode) from a single `require('vscode')`, so every importer shares it.
 * @param {string} root the repository root (where node_modules/@types/vscode is)
 * @returns {import('esbuild').Plugin}
 */
export function vscodeApiOnce(root) {
  const dts = readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  // Members of `declare module 'vscode' {` are indented by one tab; interfaces and types have no value.
  const names = [...new Set([...dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let|var) (\w+)/gm)].map((m) => m[1]))];
  if (names.length < 100) {
    throw new Error(`vscodeApiOnce: found only ${names.length} API names in @types/vscode`);
  }
  return {
    name: 'vscode-api-once',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) =>
        args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
      );
      build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
        contents: `const api = require('vscode');\nexport const { ${names.join(', ')} } = api;\n`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Puts each named package in a file of its own, `dist/lazy/<name>.js` (see {@link lazyPackageBuilds}),
 * and bundles a stand-in in its place whose exports load that file on first use. The package is
 * then neither compiled nor run while the extension activates: js-yaml builds its schemas when a
 * note's front matter is first read, fast-xml-parser its entity tables when arXiv first answers.
 * The stand-in has the package's export names (read here, at build time) as getters, so
 * `import * as x`, named and default imports all work unchanged; only top-level code of an
 * importer that touches the package would load it at once. These packages are self-contained
 * (they import nothing of ours), so a separate file duplicates no state. A node built-in
 * (`node:worker_threads`) gets the same stand-in and no file: it is required on first use.
 * @param {string} root
 * @param {string[]} packages
 * @returns {import('esbuild').Plugin}
 */
export function lazyPackages(root, packages) {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter }, (args) =>
        // A stand-in's require() of a node built-in stays a run-time require.
        args.namespace === 'lazy-package' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-package' },
      );
      // The stand-in's require() of the package's own file stays a run-time require, next to the bundle.
      build.onResolve({ filter: /^\.\/lazy\//, namespace: 'lazy-package' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const real = requireFromRoot(args.path);
        const names = Object.keys(real).filter((k) => k !== 'default' && k !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(k));
        const spec = JSON.stringify(isBuiltin(args.path) ? args.path : `./lazy/${lazyFileName(args.path)}`);
        return {
          loader: 'js',
          contents: [
            `let real;`,
            `const load = () => (real ??= require(${spec}));`,
            `Object.defineProperty(exports, '__esModule', { value: true });`,
            `Object.defineProperty(exports, 'default', { enumerable: true, get: () => (load().__esModule ? load().default : load()) });`,
            `for (const name of ${JSON.stringify(names)}) {`,
            `  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
            `}`,
          ].join('\n'),
        };
      });
    },
  };
}

/** @param {string} pkg */
const lazyFileName = (pkg) => `${pkg.replace(/\.js$/, '').replace(/[^\w.-]+/g, '-')}.js`;

/**
 * The esbuild builds of the files {@link lazyPackages} loads: one CommonJS bundle a package,
 * `<outdir>/lazy/<name>.js`.
 * @param {import('esbuild').BuildOptions} common
 * @param {string} root
 * @param {string} outdir
 * @param {string[]} packages
 * @returns {import('esbuild').BuildOptions[]}
 */
export function lazyPackageBuilds(common, root, outdir, packages) {
  return packages.filter((pkg) => !isBuiltin(pkg)).map((pkg) => ({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, sourcefile: `lazy-${pkg}.js`, loader: 'js' },
    outfile: path.join(outdir, 'lazy', lazyFileName(pkg)),
  }));
}

/** Loaded by the extension on first use (see {@link lazyPackages}). */
export const LAZY_PACKAGES = ['js-yaml', 'fast-xml-parser', 'fuse.js', 'node:worker_threads'];

/**
 * The builds of the extension: `<outdir>/extension.js` and its lazily loaded packages.
 * @param {import('esbuild').BuildOptions} common
 * @param {string} root
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions[]}
 */
export function extensionBuilds(common, root, outdir) {
  return [
    {
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: path.join(outdir, 'extension.js'),
      external: ['vscode'],
      plugins: [vscodeApiOnce(root), lazyPackages(root, LAZY_PACKAGES)],
    },
    ...lazyPackageBuilds(common, root, outdir, LAZY_PACKAGES),
  ];
}
