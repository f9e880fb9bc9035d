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
  private final Duration authTimeout;
  private final Duration idleTimeout;
  private final Duration pingInterval;
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
    this.authTimeout = b.authTimeout;
    this.idleTimeout = b.idleTimeout;
    this.pingInterval = b.pingInterval;
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
   * Open connections per remote address (default 1,000; only where the container reports the
   * address, as Tyrus does); the next is closed with 1013 on open.
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
    private Duration authTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(120);
    private Duration pingInterval = Duration.ofSeconds(30);
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
