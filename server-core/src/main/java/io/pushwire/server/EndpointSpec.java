package io.pushwire.server;

import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.wire.Framings;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint a hub serves: its path, how clients authenticate, which dialect it writes, and
 * which topics it offers. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * EndpointSpec alerts = EndpointSpec.builder("/ws/alerts")
 *     .auth(AuthMode.BEARER_HEADER)
 *     .dialect(Dialect.ENVELOPE_ISO)
 *     .sendConnectionMessage(true)
 *     .autoSubscribe("alert.*")
 *     .build();
 * }</pre>
 */
public final class EndpointSpec {

  private final String path;
  private final Set<AuthMode> authModes;
  private final Dialect dialect;
  private final Set<String> declaredTopics;
  private final List<String> autoSubscribe;
  private final boolean sendConnectionMessage;
  private final boolean topicsQueryParameter;
  private final boolean socketIo;
  private final boolean positions;
  private final OriginPolicy origins;

  private EndpointSpec(Builder b) {
    this.path = b.path;
    this.authModes = Set.copyOf(b.authModes);
    this.dialect = b.dialect;
    this.declaredTopics = b.declaredTopics == null ? null : Set.copyOf(b.declaredTopics);
    this.autoSubscribe = List.copyOf(b.autoSubscribe);
    this.sendConnectionMessage = b.sendConnectionMessage;
    this.topicsQueryParameter = b.topicsQueryParameter;
    this.socketIo = b.socketIo;
    this.positions = b.positions;
    this.origins = b.origins;
  }

  /** Starts a spec for {@code path} (for example {@code /ws}). */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  /**
   * Starts a spec for {@code path} with everything else as in this one: a variant of an endpoint
   * (a browser's copy of a header-auth endpoint that takes the token in the query, say).
   */
  public Builder toBuilder(String path) {
    Builder copy = new Builder(path);
    copy.authModes = EnumSet.copyOf(authModes);
    copy.dialect = dialect;
    copy.declaredTopics = declaredTopics;
    copy.autoSubscribe = autoSubscribe;
    copy.sendConnectionMessage = sendConnectionMessage;
    copy.positions = positions;
    copy.topicsQueryParameter = topicsQueryParameter;
    copy.socketIo = socketIo;
    copy.origins = origins;
    return copy;
  }

  /** The path. */
  public String path() {
    return path;
  }

  /** Where credentials are looked for. */
  public Set<AuthMode> authModes() {
    return authModes;
  }

  /** How frames are written. */
  public Dialect dialect() {
    return dialect;
  }

  /** The topics a client may name, or {@code null} when any is allowed. */
  public Set<String> declaredTopics() {
    return declaredTopics;
  }

  /** Topics every connection is subscribed to once authenticated (dedicated endpoints). */
  public List<String> autoSubscribe() {
    return autoSubscribe;
  }

  /** Whether a {@code connection} message greets each authenticated connection (seed 001). */
  public boolean sendConnectionMessage() {
    return sendConnectionMessage;
  }

  /** Whether a {@code topics=a,b} query parameter subscribes at connect (seed 003). */
  public boolean topicsQueryParameter() {
    return topicsQueryParameter;
  }

  /** Whether Socket.IO clients are served too; see {@link Builder#socketIo(boolean)}. */
  public boolean socketIo() {
    return socketIo;
  }

  /** Whether every topic push carries its stream position; see {@link Builder#positions(boolean)}. */
  public boolean positions() {
    return positions;
  }

  /** Which web pages may connect; see {@link Builder#origins(OriginPolicy)}. */
  public OriginPolicy origins() {
    return origins;
  }

  /** The wire formats this endpoint accepts: plain JSON, and Socket.IO where {@link #socketIo()}. */
  Framings framings() {
    return socketIo ? Framings.jsonAndSocketIo() : Framings.jsonOnly();
  }

  boolean handshakeAuth() {
    return authModes.contains(AuthMode.BEARER_HEADER) || authModes.contains(AuthMode.QUERY_PARAMETER);
  }

  @Override
  public String toString() {
    return "EndpointSpec[" + path + ", auth=" + authModes + ", dialect=" + dialect.name() + "]";
  }

  /** Configures an {@link EndpointSpec}. */
  public static final class Builder {
    private final String path;
    private Set<AuthMode> authModes = EnumSet.of(AuthMode.FIRST_MESSAGE);
    private Dialect dialect = Dialect.STANDARD;
    private Set<String> declaredTopics;
    private List<String> autoSubscribe = List.of();
    private boolean sendConnectionMessage;
    private boolean topicsQueryParameter;
    private boolean socketIo;
    private boolean positions;
    private OriginPolicy origins = OriginPolicy.sameOrigin();

    private Builder(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("an endpoint path starts with '/', got " + path);
      }
      this.path = path;
    }

    /**
     * Where credentials are looked for (default first-message auth). Handshake modes are tried
     * first; with {@link AuthMode#FIRST_MESSAGE} as well, a handshake without credentials waits
     * for an {@code auth} frame. {@link AuthMode#NONE} cannot be combined.
     */
    public Builder auth(AuthMode first, AuthMode... more) {
      EnumSet<AuthMode> modes = EnumSet.of(first, more);
      if (modes.contains(AuthMode.NONE) && modes.size() > 1) {
        throw new IllegalArgumentException("AuthMode.NONE cannot be combined with other modes");
      }
      this.authModes = modes;
      return this;
    }

    /** How frames are written (default {@link Dialect#STANDARD}). */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Declares the topics this endpoint offers; subscribing to any other name (or to a pattern
     * matching none of them) is answered with {@code TOPIC_NOT_FOUND}. Default: any topic.
     */
    public Builder declaredTopics(Set<String> topics) {
      this.declaredTopics = Set.copyOf(topics);
      return this;
    }

    /** Topics every authenticated connection is subscribed to without asking. */
    public Builder autoSubscribe(String... topics) {
      this.autoSubscribe = List.of(topics);
      return this;
    }

    /** Greets each authenticated connection with a {@code connection} message (seed 001). */
    public Builder sendConnectionMessage(boolean send) {
      this.sendConnectionMessage = send;
      return this;
    }

    /** Honours a {@code topics=a,b} query parameter at connect (seed 003). */
    public Builder topicsQueryParameter(boolean honour) {
      this.topicsQueryParameter = honour;
      return this;
    }

    /**
     * Also serves Socket.IO clients ({@code socket.io-client} 3 and 4 with
     * {@code transports: ['websocket']}), in this endpoint's dialect and auth: a connection whose
     * handshake names Engine.IO protocol 4 ({@code EIO=4}) gets Socket.IO packets, with its events
     * read as messages of the same name, and this endpoint's messages sent as events (the whole
     * frame as the argument where the dialect stamps frames, the frame less {@code type} and
     * {@code id} on {@link Dialect#FLAT}) and as callback answers; any other connection gets plain
     * frames. Socket.IO clients ask for the path with a trailing slash, so the endpoint is mounted
     * there too ({@link Hub#endpointConfigs(EndpointSpec)}). With first-message auth, the token is
     * the {@code token} of the client's {@code auth} option, or, for a client that connects
     * without one, an {@code auth} event. WebSocket transport only (no HTTP long-polling), main
     * namespace only, no binary packets. Default: off.
     */
    public Builder socketIo(boolean serve) {
      this.socketIo = serve;
      return this;
    }

    /**
     * Writes the stream position ({@code "pos":{"topic","offset","epoch"}}) on every topic push
     * to every connection, whether or not its client asked (default: off; a client can ask per
     * subscription with {@code "positions":true} or {@code since}). Only for clients that ignore
     * fields they do not know: a client written to a seed's exact frames should not get it.
     */
    public Builder positions(boolean write) {
      this.positions = write;
      return this;
    }

    /**
     * Which web pages may connect, by their handshake's {@code Origin} (default
     * {@link OriginPolicy#sameOrigin()}: pages of this server only; a cross-origin handshake gets
     * HTTP 403). Clients that send no {@code Origin} (non-browser clients) are not affected.
     */
    public Builder origins(OriginPolicy policy) {
      this.origins = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Builds the spec. */
    public EndpointSpec build() {
      return new EndpointSpec(this);
    }
  }
}
