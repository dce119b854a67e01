// Loads the built matalign package (ESM, with top-level await in its dependencies) for the
// notebooks: tslab runs cells as CommonJS in a vm context where import() is unavailable, but
// a file loaded by Node's own require keeps a real dynamic import().
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');
const { existsSync } = require('node:fs');

/** The matalign public API (dist/lib/index.js); build it first with `npm run build`. */
module.exports.loadMatalign = async function loadMatalign() {
  const entry = join(__dirname, '..', 'dist', 'lib', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  return import(pathToFileURL(entry).href);
};

/** Any ESM-only package by name or path, through a real dynamic import(). */
module.exports.importEsm = (specifier) => import(specifier);
