#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's require hook so `npx sluice` works straight from a clone.
// The SDK's notice that Node 20 support ends in 2027 is for us, not for users of the CLI.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
