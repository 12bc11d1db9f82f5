#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's require hook so `npx sluice` works straight from a clone.
require('tsx/cjs');
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`sluice: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
