// Waiting on what the code under test promises, with a bound, instead of sleeping.
export const WAIT_MS = 15_000;

/** Resolves once `condition()` is truthy (polled every 20 ms); rejects after `timeout` ms naming `what`. */
export async function until(condition, what = 'condition', timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records what a listener receives. */
export function recorder() {
  const seen = [];
  const fn = (...args) => { seen.push(args.length === 1 ? args[0] : args); };
  fn.seen = seen;
  return fn;
}
