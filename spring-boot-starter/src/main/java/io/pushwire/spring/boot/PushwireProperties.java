package io.pushwire.spring.boot;

import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Limits;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.InMemoryBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code pushwire.*} properties: the hub's endpoints, limits, heartbeat, broker, built-in token
 * authentication and shutdown. Every default is the library's own ({@link Limits#defaults()},
 * {@link InMemoryBroker}'s bounds), so an application that sets nothing gets what a hand-built hub
 * gets. Mutable JavaBean, bound once at startup by Spring Boot.
 *
 * <pre>
 * pushwire:
 *   auth:
 *     tokens:
 *       alice: ${ALICE_TOKEN}
 *   endpoints:
 *     - path: /ws/task
 *       auth: [query-parameter]
 *       dialect: envelope-millis
 *   limits:
 *     max-connections: 20000
 *   heartbeat:
 *     ping-interval: 30s
 * </pre>
 */
@ConfigurationProperties(prefix = "pushwire")
public class PushwireProperties {

  private static final Limits DEFAULTS = Limits.defaults();

  /** Whether the starter builds a hub and deploys its endpoints at all. */
  private boolean enabled = true;

  /** The endpoints deployed in the application's servlet container (EndpointSpec beans are deployed too). */
  private List<Endpoint> endpoints = new ArrayList<>();

  private final Auth auth = new Auth();
  private final LimitsProperties limits = new LimitsProperties();
  private final Heartbeat heartbeat = new Heartbeat();
  private final BrokerProperties broker = new BrokerProperties();
  private final Shutdown shutdown = new Shutdown();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  public Auth getAuth() {
    return auth;
  }

  public LimitsProperties getLimits() {
    return limits;
  }

  public Heartbeat getHeartbeat() {
    return heartbeat;
  }

  public BrokerProperties getBroker() {
    return broker;
  }

  public Shutdown getShutdown() {
    return shutdown;
  }

  /** The hub's {@link Limits}: the {@code limits} group with the {@code heartbeat} group's timings. */
  public Limits toLimits() {
    return Limits.builder()
        .maxFrameBytes(Math.toIntExact(limits.maxFrameSize.toBytes()))
        .messageRate(limits.messagesPerSecond, limits.messageBurst)
        .rateLimitStrikes(limits.rateLimitStrikes)
        .maxConnections(limits.maxConnections)
        .maxConnectionsPerClientId(limits.maxConnectionsPerClientId)
        .maxConnectionsPerRemoteAddress(limits.maxConnectionsPerRemoteAddress)
        .maxSubscriptionsPerConnection(limits.maxSubscriptionsPerConnection)
        .outboundQueue(limits.outboundQueueFrames, limits.outboundQueueChars)
        .authTimeout(limits.authTimeout)
        .pingInterval(heartbeat.pingInterval)
        .idleTimeout(heartbeat.idleTimeout)
        .build();
  }

  /** One endpoint: a WebSocket path with its auth modes and dialect. */
  public static class Endpoint {

    /** The path, starting with '/'. */
    private String path;

    /** Where credentials are looked for: first-message, bearer-header, query-parameter, or none. */
    private List<AuthMode> auth = new ArrayList<>(List.of(AuthMode.FIRST_MESSAGE));

    /** The wire dialect by name: standard, flat, envelope-iso, envelope-millis, payload-millis. */
    private String dialect = "standard";

    /** Also serve Socket.IO (Engine.IO 4) clients on this path and on the path with a trailing slash. */
    private boolean socketIo;

    /** The topics clients may subscribe to; empty means any topic. */
    private Set<String> declaredTopics = new LinkedHashSet<>();

    /** Topics or patterns every authenticated connection is subscribed to without asking. */
    private List<String> autoSubscribe = new ArrayList<>();

    /** Greet each authenticated connection with a 'connection' message. */
    private boolean sendConnectionMessage;

    /** Subscribe the topics of a 'topics=a,b' query parameter at connect. */
    private boolean topicsQueryParameter;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public List<AuthMode> getAuth() {
      return auth;
    }

    public void setAuth(List<AuthMode> auth) {
      this.auth = auth;
    }

    public String getDialect() {
      return dialect;
    }

    /** Checked at binding, so a misspelt name stops the application with the list of known names. */
    public void setDialect(String dialect) {
      Dialect.named(dialect);
      this.dialect = dialect;
    }

    public boolean isSocketIo() {
      return socketIo;
    }

    public void setSocketIo(boolean socketIo) {
      this.socketIo = socketIo;
    }

    public Set<String> getDeclaredTopics() {
      return declaredTopics;
    }

    public void setDeclaredTopics(Set<String> declaredTopics) {
      this.declaredTopics = declaredTopics;
    }

    public List<String> getAutoSubscribe() {
      return autoSubscribe;
    }

    public void setAutoSubscribe(List<String> autoSubscribe) {
      this.autoSubscribe = autoSubscribe;
    }

    public boolean isSendConnectionMessage() {
      return sendConnectionMessage;
    }

    public void setSendConnectionMessage(boolean sendConnectionMessage) {
      this.sendConnectionMessage = sendConnectionMessage;
    }

    public boolean isTopicsQueryParameter() {
      return topicsQueryParameter;
    }

    public void setTopicsQueryParameter(boolean topicsQueryParameter) {
      this.topicsQueryParameter = topicsQueryParameter;
    }

    /** The spec these properties describe. */
    public EndpointSpec toSpec() {
      if (path == null) {
        throw new IllegalStateException("pushwire.endpoints[].path is required");
      }
      if (auth == null || auth.isEmpty()) {
        throw new IllegalStateException("pushwire.endpoints[].auth of " + path + " names no mode");
      }
      EndpointSpec.Builder builder = EndpointSpec.builder(path)
          .auth(auth.get(0), auth.subList(1, auth.size()).toArray(AuthMode[]::new))
          .dialect(Dialect.named(dialect))
          .socketIo(socketIo)
          .sendConnectionMessage(sendConnectionMessage)
          .topicsQueryParameter(topicsQueryParameter)
          .autoSubscribe(autoSubscribe.toArray(String[]::new));
      if (!declaredTopics.isEmpty()) {
        builder.declaredTopics(declaredTopics);
      }
      return builder.build();
    }
  }

  /** Built-in authentication, used when the application defines no {@code Authenticator} bean. */
  public static class Auth {

    /**
     * Fixed tokens by user id ({@code pushwire.auth.tokens.alice=s3cret}): a client presenting a
     * token is that user. Empty: every credential is refused, unless an Authenticator bean decides.
     */
    private Map<String, String> tokens = new LinkedHashMap<>();

    public Map<String, String> getTokens() {
      return tokens;
    }

    public void setTokens(Map<String, String> tokens) {
      this.tokens = tokens;
    }
  }

  /** Resource bounds; see {@link Limits} for what happens at each edge. */
  public static class LimitsProperties {

    /** Largest inbound frame; a larger one closes the connection with 1009. */
    private DataSize maxFrameSize = DataSize.ofBytes(DEFAULTS.maxFrameBytes());

    /** Sustained inbound messages per second per connection. */
    private double messagesPerSecond = DEFAULTS.messagesPerSecond();

    /** Inbound burst per connection; a message over the rate is answered with RATE_LIMIT_EXCEEDED. */
    private int messageBurst = DEFAULTS.messageBurst();

    /** Messages over the rate allowed in a row before the connection is closed with 1008. */
    private int rateLimitStrikes = DEFAULTS.rateLimitStrikes();

    /** Open connections per hub; the next is closed with 1013. */
    private int maxConnections = DEFAULTS.maxConnections();

    /** Open connections per client id; the next is closed with 1013. */
    private int maxConnectionsPerClientId = DEFAULTS.maxConnectionsPerClientId();

    /** Open connections per remote address, where the container reports it (Tyrus only). */
    private int maxConnectionsPerRemoteAddress = DEFAULTS.maxConnectionsPerRemoteAddress();

    /** Subscriptions per connection; a subscribe past it gets SUBSCRIPTION_LIMIT_EXCEEDED. */
    private int maxSubscriptionsPerConnection = DEFAULTS.maxSubscriptionsPerConnection();

    /** Frames queued for one connection; past it the connection is closed with 4000 (droppable frames are dropped). */
    private int outboundQueueFrames = DEFAULTS.outboundQueueFrames();

    /** Characters of frames queued for one connection; same policy. */
    private long outboundQueueChars = DEFAULTS.outboundQueueChars();

    /** How long a first-message-auth connection may stay silent before it is closed with 4002. */
    private Duration authTimeout = DEFAULTS.authTimeout();

    public DataSize getMaxFrameSize() {
      return maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
      this.maxFrameSize = maxFrameSize;
    }

    public double getMessagesPerSecond() {
      return messagesPerSecond;
    }

    public void setMessagesPerSecond(double messagesPerSecond) {
      this.messagesPerSecond = messagesPerSecond;
    }

    public int getMessageBurst() {
      return messageBurst;
    }

    public void setMessageBurst(int messageBurst) {
      this.messageBurst = messageBurst;
    }

    public int getRateLimitStrikes() {
      return rateLimitStrikes;
    }

    public void setRateLimitStrikes(int rateLimitStrikes) {
      this.rateLimitStrikes = rateLimitStrikes;
    }

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerClientId() {
      return maxConnectionsPerClientId;
    }

    public void setMaxConnectionsPerClientId(int maxConnectionsPerClientId) {
      this.maxConnectionsPerClientId = maxConnectionsPerClientId;
    }

    public int getMaxConnectionsPerRemoteAddress() {
      return maxConnectionsPerRemoteAddress;
    }

    public void setMaxConnectionsPerRemoteAddress(int maxConnectionsPerRemoteAddress) {
      this.maxConnectionsPerRemoteAddress = maxConnectionsPerRemoteAddress;
    }

    public int getMaxSubscriptionsPerConnection() {
      return maxSubscriptionsPerConnection;
    }

    public void setMaxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
      this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
    }

    public int getOutboundQueueFrames() {
      return outboundQueueFrames;
    }

    public void setOutboundQueueFrames(int outboundQueueFrames) {
      this.outboundQueueFrames = outboundQueueFrames;
    }

    public long getOutboundQueueChars() {
      return outboundQueueChars;
    }

    public void setOutboundQueueChars(long outboundQueueChars) {
      this.outboundQueueChars = outboundQueueChars;
    }

    public Duration getAuthTimeout() {
      return authTimeout;
    }

    public void setAuthTimeout(Duration authTimeout) {
      this.authTimeout = authTimeout;
    }
  }

  /** WebSocket pings and the idle check. */
  public static class Heartbeat {

    /** How often every connection is sent a WebSocket ping. */
    private Duration pingInterval = DEFAULTS.pingInterval();

    /** How long a connection may send nothing (pongs count) before it is closed with 4001. */
    private Duration idleTimeout = DEFAULTS.idleTimeout();

    public Duration getPingInterval() {
      return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }
  }

  /** Which broker carries publications; a {@link Broker} bean replaces the choice. */
  public static class BrokerProperties {

    /** The broker: in-memory (one node) is the only built-in one for now. */
    private BrokerType type = BrokerType.IN_MEMORY;

    /** Publications the in-memory broker keeps per channel, for history look-ups. */
    private int historySize = InMemoryBroker.DEFAULT_HISTORY_SIZE;

    /** Channels the in-memory broker keeps history for. */
    private int maxChannels = InMemoryBroker.DEFAULT_MAX_CHANNELS;

    public BrokerType getType() {
      return type;
    }

    public void setType(BrokerType type) {
      this.type = type;
    }

    public int getHistorySize() {
      return historySize;
    }

    public void setHistorySize(int historySize) {
      this.historySize = historySize;
    }

    public int getMaxChannels() {
      return maxChannels;
    }

    public void setMaxChannels(int maxChannels) {
      this.maxChannels = maxChannels;
    }

    /** A new broker of the configured type. */
    public Broker create() {
      return switch (type) {
        case IN_MEMORY -> new InMemoryBroker(historySize, maxChannels);
      };
    }
  }

  /** The built-in brokers. A networked one (Redis) is planned; until then define a Broker bean. */
  public enum BrokerType {
    /** One node: publications go straight to this node's connections. */
    IN_MEMORY
  }

  /** What happens when the application context closes. */
  public static class Shutdown {

    /** How long the shutdown waits for clients to answer the 1001 close. */
    private Duration timeout = Duration.ofSeconds(5);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
