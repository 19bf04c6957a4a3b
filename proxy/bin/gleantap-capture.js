#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on load so every supported Node
// version (20.19+) runs the same source without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
