package io.pushwire.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down, then refuses for a while, a remote address that keeps failing to authenticate; the
 * policy is {@link Limits#authFailuresBeforeThrottle()}'s. Addresses are remembered in a map of at
 * most {@link Limits#authThrottleAddresses()} entries, least recently seen first out when full
 * (after the forgotten ones); IPv6 addresses count by their /64 prefix, since one host commonly
 * holds a whole /64. Thread-safe: every method runs under this object's lock (authentication is
 * once per connection, not a hot path).
 */
final class AuthThrottle {

  private static final long BASE_BLOCK_NANOS = 1_000_000_000L;

  private final int freeFailures;
  private final long maxBlockNanos;
  private final int maxAddresses;
  private final LongSupplier clock;
  /** By address key, least recently seen first; guarded by this; at most maxAddresses entries. */
  private final LinkedHashMap<String, Record> records;

  /** One address's failures. Guarded by the throttle's lock. */
  private static final class Record {
    int failures;
    long lastFailureNanos;
    long blockedUntilNanos;
  }

  AuthThrottle(Limits limits) {
    this(limits, System::nanoTime);
  }

  /** For testing: with a clock of the test's own ({@code System.nanoTime()} semantics). */
  AuthThrottle(Limits limits, LongSupplier clock) {
    this.freeFailures = limits.authFailuresBeforeThrottle();
    this.maxBlockNanos = limits.authThrottleMaxBlock().toNanos();
    this.maxAddresses = limits.authThrottleAddresses();
    this.clock = clock;
    this.records = new LinkedHashMap<>(16, 0.75f, true);
  }

  /**
   * How long {@code address} is still blocked, in milliseconds (rounded up), or 0 when it may try
   * now. A null address (the container does not report one) is never blocked.
   */
  synchronized long blockedMillis(String address) {
    if (address == null) {
      return 0;
    }
    Record r = records.get(key(address));
    if (r == null) {
      return 0;
    }
    long left = r.blockedUntilNanos - clock.getAsLong();
    return left > 0 ? (left + 999_999) / 1_000_000 : 0;
  }

  /**
   * Counts a failed authentication from {@code address}.
   *
   * @return how long the address is now blocked, in milliseconds (0: not yet)
   */
  synchronized long failed(String address) {
    if (address == null) {
      return 0;
    }
    long now = clock.getAsLong();
    String key = key(address);
    Record r = records.get(key);
    if (r != null && forgotten(r, now)) {
      records.remove(key);
      r = null;
    }
    if (r == null) {
      makeRoom(now);
      r = new Record();
      records.put(key, r);
    }
    r.failures++;
    r.lastFailureNanos = now;
    int excess = r.failures - freeFailures;
    if (excess <= 0) {
      return 0;
    }
    long block = excess > 40 ? maxBlockNanos : Math.min(maxBlockNanos, BASE_BLOCK_NANOS << (excess - 1));
    r.blockedUntilNanos = now + block;
    return block / 1_000_000;
  }

  /** Addresses remembered now. */
  synchronized int size() {
    return records.size();
  }

  private boolean forgotten(Record r, long now) {
    return now - Math.max(r.lastFailureNanos, r.blockedUntilNanos) > maxBlockNanos;
  }

  private void makeRoom(long now) {
    if (records.size() < maxAddresses) {
      return;
    }
    records.values().removeIf(r -> forgotten(r, now));
    Iterator<Map.Entry<String, Record>> eldest = records.entrySet().iterator();
    while (records.size() >= maxAddresses && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }

  /** The address itself, or for IPv6 its /64 prefix. */
  static String key(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    String literal = address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    try {
      byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: no name look-up
      if (bytes.length != 16) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException | IllegalArgumentException e) {
      return address;
    }
  }
}
