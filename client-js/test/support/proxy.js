// A fault-injecting TCP proxy on 127.0.0.1 in front of a test server: `cut()` resets every
// connection (no close frame: the client sees 1006), `stall(true)` stops forwarding bytes both
// ways while the connections stay open (a half-dead network, bytes held until `stall(false)`), `delay(ms)` holds every chunk,
// `block(true)` resets every new connection at once (an outage, until `block(false)`).
import net from 'node:net';

export async function startProxy(targetPort) {
  const pairs = new Set();
  let stalled = false;
  let delayMs = 0;
  let accepted = 0;
  let blocked = false;
  const held = [];

  const forward = (from, to) => {
    from.on('data', (chunk) => {
      const send = () => { if (!to.destroyed) to.write(chunk); };
      if (stalled) held.push(send); // held until the stall ends, as a congested network would
      else if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  };

  const server = net.createServer((client) => {
    if (blocked) {
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    get accepted() { return accepted; },
    get open() { return pairs.size; },
    /** Resets every current connection, as a network failure would. */
    cut() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
    },
    /** Stops (or resumes) forwarding bytes on every connection; held bytes go on when it resumes. */
    stall(on) {
      stalled = on;
      if (!on) held.splice(0).forEach((send) => send());
    },
    /** Resets every new connection at once while on (the network is down). */
    block(on) { blocked = on; },
    /** Holds every chunk this long before forwarding it (a slow network). */
    delay(ms) { delayMs = ms; },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
