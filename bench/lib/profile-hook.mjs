// Preloaded into the `serve` that bench/profile.mjs measures (`node --import`): the first
// SIGUSR2 starts V8's CPU profiler (after the warm-up, so start-up is not in the figures), the
// second stops it and writes the profile to PROFILE_OUT.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    writeFileSync(process.env.PROFILE_OUT ?? 'serve.cpuprofile', JSON.stringify(error ? {} : result.profile));
  });
});
