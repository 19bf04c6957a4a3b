#!/usr/bin/env node
// `pnpm bench`: the proxy benchmarks (bench/run.mjs, with every flag given), then the widget's
// (bench/widget/run.mjs), so one command measures everything the README quotes. A run limited
// with --only, --render or --quick measures the proxy sections alone (the widget's results file
// holds full runs only).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const run = (script, scriptArgs) => spawnSync(process.execPath, [here(script), ...scriptArgs], { stdio: 'inherit' }).status ?? 1;

const proxy = run('./run.mjs', args);
if (proxy !== 0) process.exit(proxy);
if (['--only', '--render', '--quick'].some((flag) => args.includes(flag))) process.exit(0);
process.exit(run('./widget/run.mjs', []));
