// Clients with test-sized timings: quick reconnects and timeouts, so that each test stays short.
import { PushClient } from '../../src/pushwire.js';

export const FAST = Object.freeze({
  connectTimeout: 3000,
  requestTimeout: 2000,
  heartbeat: false,
  reconnect: { minDelay: 50, maxDelay: 400, resetAfter: 2000 },
});

const open = new Set();

/** A client with FAST timings (overridable); closed by closeAll(). */
export function client(url, options = {}) {
  const c = new PushClient(url, { ...FAST, ...options });
  open.add(c);
  return c;
}

/** Records every state change of `c`: `changes`, and `states()` for their names. */
export function states(c) {
  const changes = [];
  c.onStateChange((change) => changes.push(change));
  return { changes, names: () => changes.map((x) => x.state), count: (s) => changes.filter((x) => x.state === s).length };
}

export async function closeAll() {
  await Promise.all([...open].map((c) => c.close()));
  open.clear();
}
