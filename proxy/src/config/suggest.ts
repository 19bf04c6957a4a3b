import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate an owner most likely meant by `word`, or undefined when none is close enough
 * to be a typo (at most one edit in three characters, and always one), so that a suggestion
 * is never a wild guess.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  // Case is compared away: `inlineBudgetMS` is one slip from `inlineBudgetMs`, not two.
  const lower = word.toLowerCase();
  const folded = candidates.map((candidate) => candidate.toLowerCase());
  const best = closest(lower, folded);
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return distance(lower, best) <= allowed ? candidates[folded.indexOf(best)] : undefined;
}

/** `; did you mean "x"?` when {@link suggest} finds one, else an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = suggest(word, candidates);
  return best === undefined ? '' : `; did you mean "${best}"?`;
}
