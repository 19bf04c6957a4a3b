#!/usr/bin/env node
// Runs the compiled command (dist/, written by `pnpm build`): plain JavaScript, so start-up
// compiles nothing and no tsconfig.json or package.json near the working directory can
// change which code runs.
let runCli;
try {
  ({ runCli } = await import('../dist/cli.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('gleantap-capture: not built yet (dist/cli.js is missing): run `npx -y pnpm@10 build` in the repository\n');
  process.exit(1);
}
process.exitCode = await runCli(process.argv.slice(2));
