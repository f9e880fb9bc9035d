package io.pushwire.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Every resource bound of a hub, each with a default that suits a dashboard-style deployment.
 * What happens at each edge is stated on its accessor. Immutable; build with {@link #builder()}.
 */
public final class Limits {

  private final int maxFrameBytes;
  private final double messagesPerSecond;
  private final int messageBurst;
  private final int rateLimitStrikes;
  private final int maxConnections;
  private final int maxConnectionsPerClientId;
  private final int maxConnectionsPerRemoteAddress;
  private final int maxSubscriptionsPerConnection;
  private final int outboundQueueFrames;
  private final long outboundQueueChars;
  private final int maxRecoveryReplay;
  private final Duration authTimeout;
  private final Duration idleTimeout;
  private final Duration pingInterval;
  private final int maxPendingConnectionsPerRemoteAddress;
  private final int authFailuresBeforeThrottle;
  private final Duration authThrottleMaxBlock;
  private final int authThrottleAddresses;
  private final Duration slowConsumerTimeout;

  private Limits(Builder b) {
    this.maxFrameBytes = b.maxFrameBytes;
    this.messagesPerSecond = b.messagesPerSecond;
    this.messageBurst = b.messageBurst;
    this.rateLimitStrikes = b.rateLimitStrikes;
    this.maxConnections = b.maxConnections;
    this.maxConnectionsPerClientId = b.maxConnectionsPerClientId;
    this.maxConnectionsPerRemoteAddress = b.maxConnectionsPerRemoteAddress;
    this.maxSubscriptionsPerConnection = b.maxSubscriptionsPerConnection;
    this.outboundQueueFrames = b.outboundQueueFrames;
    this.outboundQueueChars = b.outboundQueueChars;
    this.maxRecoveryReplay = b.maxRecoveryReplay;
    this.authTimeout = b.authTimeout;
    this.idleTimeout = b.idleTimeout;
    this.pingInterval = b.pingInterval;
    this.maxPendingConnectionsPerRemoteAddress = b.maxPendingConnectionsPerRemoteAddress;
    this.authFailuresBeforeThrottle = b.authFailuresBeforeThrottle;
    this.authThrottleMaxBlock = b.authThrottleMaxBlock;
    this.authThrottleAddresses = b.authThrottleAddresses;
    this.slowConsumerTimeout = b.slowConsumerTimeout;
  }

  /** The defaults. */
  public static Limits defaults() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Largest inbound frame in bytes (default 64 KiB); a larger one closes the connection with 1009. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Sustained inbound messages per second per connection (default 50). */
  public double messagesPerSecond() {
    return messagesPerSecond;
  }

  /**
   * Inbound burst per connection (default 100). A message over the rate is not processed and is
   * answered with {@code RATE_LIMIT_EXCEEDED} and {@code retry_after} in milliseconds.
   */
  public int messageBurst() {
    return messageBurst;
  }

  /**
   * Messages over the rate allowed in a row (default 20) before the connection is closed with
   * 1008; any message within the rate resets the count.
   */
  public int rateLimitStrikes() {
    return rateLimitStrikes;
  }

  /** Open connections per hub (default 10,000); the next is closed with 1013 on open. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Open connections per client id (default 8); the next is closed with 1013 on open. */
  public int maxConnectionsPerClientId() {
    return maxConnectionsPerClientId;
  }

  /**
   * Authenticated connections per remote address (default 1,000; only where the container reports
   * the address, as Tyrus does); the next to authenticate is closed with 1013. Connections still
   * waiting for their first-message auth are not counted here but under
   * {@link #maxPendingConnectionsPerRemoteAddress()}, so a client that opens connections and never
   * authenticates cannot lock out the authenticated clients behind the same address.
   */
  public int maxConnectionsPerRemoteAddress() {
    return maxConnectionsPerRemoteAddress;
  }

  /**
   * Subscriptions per connection (default 100); a {@code subscribe} that would pass it is refused
   * whole with {@code SUBSCRIPTION_LIMIT_EXCEEDED}.
   */
  public int maxSubscriptionsPerConnection() {
    return maxSubscriptionsPerConnection;
  }

  /**
   * Frames queued for one connection (default 1,024). When the queue is full a droppable frame is
   * dropped (and counted); any other frame closes the connection with 4000 (slow consumer), and
   * its queue is released at once.
   */
  public int outboundQueueFrames() {
    return outboundQueueFrames;
  }

  /**
   * Characters of frames queued for one connection (default 4 Mi, roughly the heap they hold);
   * same policy as {@link #outboundQueueFrames()}.
   */
  public long outboundQueueChars() {
    return outboundQueueChars;
  }

  /**
   * Publications one topic's recovery may replay (default 10,000, about ten times the default
   * outbound queue bound). A {@code subscribe} with {@code since} whose gap is larger, or whose
   * topic runs further ahead than this while the recovery is paged, is answered
   * {@code recovered: false} ({@code too_many}) and the topic goes live from its head. The replay
   * itself is paged: it never holds more than half of {@link #outboundQueueFrames()} and
   * {@link #outboundQueueChars()} in the queue, whatever this bound.
   */
  public int maxRecoveryReplay() {
    return maxRecoveryReplay;
  }

  /** How long a first-message-auth connection may stay silent (default 10 s); then closed with 4002. */
  public Duration authTimeout() {
    return authTimeout;
  }

  /** How long a connection may go without any inbound traffic, pongs included (default 120 s); then closed with 4001. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How often the server sends a WebSocket ping to every connection (default 30 s). */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * Connections from one remote address that have not authenticated yet (default 32; only where
   * the container reports the address). When one more opens, the oldest of them is closed with
   * 1013 to make room: a client that authenticates at once (as every Pushwire client does) gets
   * in even while another client at its address holds unauthenticated connections open, which
   * each go within the {@link #authTimeout()} anyway.
   */
  public int maxPendingConnectionsPerRemoteAddress() {
    return maxPendingConnectionsPerRemoteAddress;
  }

  /**
   * Failed authentications a remote address may make before it is throttled (default 5). Each
   * failure beyond them blocks the address for twice as long as the one before, from 1 s up to
   * {@link #authThrottleMaxBlock()}; while blocked, its handshakes are answered with HTTP 429 and a
   * {@code Retry-After} header, and its first-message {@code auth} with
   * {@code RATE_LIMIT_EXCEEDED} ({@code retry_after} in ms) and close code 1013. The authenticator
   * is not asked meanwhile. An address is forgotten once it has made no failed attempt for
   * {@link #authThrottleMaxBlock()} after its last block ended. Successful authentications do not
   * reset the count.
   */
  public int authFailuresBeforeThrottle() {
    return authFailuresBeforeThrottle;
  }

  /** The longest an address is blocked after failed authentications (default 5 minutes); see {@link #authFailuresBeforeThrottle()}. */
  public Duration authThrottleMaxBlock() {
    return authThrottleMaxBlock;
  }

  /**
   * Remote addresses the auth throttle remembers (default 10,000). When full, forgotten addresses
   * go first, then the least recently seen; IPv6 addresses count by their /64 prefix.
   */
  public int authThrottleAddresses() {
    return authThrottleAddresses;
  }

  /**
   * How long a connection's writes may make no progress (default 30 s): a frame handed to the
   * engine and not yet taken by the socket, or bytes the engine holds for it (pongs included), with
   * nothing sent in the meantime. Then the client is taken to have stopped reading: closed with
   * 4000 (slow consumer) and counted in {@link ServerStats#closedSlow()}, at most one timer sweep
   * (a second or less) later, whatever its queue holds. Independent of the idle timeout, which
   * watches the other direction.
   */
  public Duration slowConsumerTimeout() {
    return slowConsumerTimeout;
  }

  /** Configures {@link Limits}. Every setter rejects values that cannot work. */
  public static final class Builder {
    private int maxFrameBytes = 64 * 1024;
    private double messagesPerSecond = 50;
    private int messageBurst = 100;
    private int rateLimitStrikes = 20;
    private int maxConnections = 10_000;
    private int maxConnectionsPerClientId = 8;
    private int maxConnectionsPerRemoteAddress = 1_000;
    private int maxSubscriptionsPerConnection = 100;
    private int outboundQueueFrames = 1_024;
    private long outboundQueueChars = 4L * 1024 * 1024;
    private int maxRecoveryReplay = 10_000;
    private Duration authTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(120);
    private Duration pingInterval = Duration.ofSeconds(30);
    private int maxPendingConnectionsPerRemoteAddress = 32;
    private int authFailuresBeforeThrottle = 5;
    private Duration authThrottleMaxBlock = Duration.ofMinutes(5);
    private int authThrottleAddresses = 10_000;
    private Duration slowConsumerTimeout = Duration.ofSeconds(30);

    private Builder() {
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0, got " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0, got " + value);
      }
      return value;
    }

    /** See {@link Limits#maxFrameBytes()}. */
    public Builder maxFrameBytes(int v) {
      maxFrameBytes = positive("maxFrameBytes", v);
      return this;
    }

    /** See {@link Limits#messagesPerSecond()} and {@link Limits#messageBurst()}. */
    public Builder messageRate(double perSecond, int burst) {
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("messagesPerSecond must be > 0, got " + perSecond);
      }
      messagesPerSecond = perSecond;
      messageBurst = positive("messageBurst", burst);
      return this;
    }

    /** See {@link Limits#rateLimitStrikes()}. */
    public Builder rateLimitStrikes(int v) {
      rateLimitStrikes = positive("rateLimitStrikes", v);
      return this;
    }

    /** See {@link Limits#maxConnections()}. */
    public Builder maxConnections(int v) {
      maxConnections = positive("maxConnections", v);
      return this;
    }

    /** See {@link Limits#maxConnectionsPerClientId()}. */
    public Builder maxConnectionsPerClientId(int v) {
      maxConnectionsPerClientId = positive("maxConnectionsPerClientId", v);
      return this;
    }

    /** See {@link Limits#maxConnectionsPerRemoteAddress()}. */
    public Builder maxConnectionsPerRemoteAddress(int v) {
      maxConnectionsPerRemoteAddress = positive("maxConnectionsPerRemoteAddress", v);
      return this;
    }

    /** See {@link Limits#maxSubscriptionsPerConnection()}. */
    public Builder maxSubscriptionsPerConnection(int v) {
      maxSubscriptionsPerConnection = positive("maxSubscriptionsPerConnection", v);
      return this;
    }

    /** See {@link Limits#outboundQueueFrames()} and {@link Limits#outboundQueueChars()}. */
    public Builder outboundQueue(int frames, long chars) {
      outboundQueueFrames = positive("outboundQueueFrames", frames);
      if (chars <= 0) {
        throw new IllegalArgumentException("outboundQueueChars must be > 0, got " + chars);
      }
      outboundQueueChars = chars;
      return this;
    }

    /** See {@link Limits#maxRecoveryReplay()}. */
    public Builder maxRecoveryReplay(int v) {
      maxRecoveryReplay = positive("maxRecoveryReplay", v);
      return this;
    }

    /** See {@link Limits#authTimeout()}. */
    public Builder authTimeout(Duration v) {
      authTimeout = positive("authTimeout", v);
      return this;
    }

    /** See {@link Limits#idleTimeout()}. */
    public Builder idleTimeout(Duration v) {
      idleTimeout = positive("idleTimeout", v);
      return this;
    }

    /** See {@link Limits#pingInterval()}. */
    public Builder pingInterval(Duration v) {
      pingInterval = positive("pingInterval", v);
      return this;
    }

    /** See {@link Limits#maxPendingConnectionsPerRemoteAddress()}. */
    public Builder maxPendingConnectionsPerRemoteAddress(int v) {
      maxPendingConnectionsPerRemoteAddress = positive("maxPendingConnectionsPerRemoteAddress", v);
      return this;
    }

    /**
     * See {@link Limits#authFailuresBeforeThrottle()} and {@link Limits#authThrottleMaxBlock()}
     * ({@code maxBlock} at least 1 s).
     */
    public Builder authThrottle(int failuresBeforeThrottle, Duration maxBlock) {
      if (failuresBeforeThrottle < 0) {
        throw new IllegalArgumentException("authFailuresBeforeThrottle must be >= 0, got " + failuresBeforeThrottle);
      }
      positive("authThrottleMaxBlock", maxBlock);
      if (maxBlock.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("authThrottleMaxBlock must be >= 1 s, got " + maxBlock);
      }
      authFailuresBeforeThrottle = failuresBeforeThrottle;
      authThrottleMaxBlock = maxBlock;
      return this;
    }

    /** See {@link Limits#authThrottleAddresses()}. */
    public Builder authThrottleAddresses(int v) {
      authThrottleAddresses = positive("authThrottleAddresses", v);
      return this;
    }

    /** See {@link Limits#slowConsumerTimeout()}. */
    public Builder slowConsumerTimeout(Duration v) {
      slowConsumerTimeout = positive("slowConsumerTimeout", v);
      return this;
    }

    /** Builds the limits. */
    public Limits build() {
      return new Limits(this);
    }
  }
}
