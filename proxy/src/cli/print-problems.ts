import type { ConfigProblem } from '../config/config.ts';
import type { CliIo } from './cli-io.ts';

/** Prints every configuration problem, one per line, as `path: reason`. */
export function printProblems(io: CliIo, problems: readonly ConfigProblem[]): void {
  io.err(`gleantap-capture: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) io.err(`  ${problem.path}: ${problem.message}`);
}
