package io.pushwire.server;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.Auth;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Connection;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.Presence;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.StreamState;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.MessageTypes;
import io.pushwire.server.SubscriptionIndex.Subscription;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.requests.RequestObserver;
import io.pushwire.server.requests.RequestObserver.Outcome;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicAuthorizer;
import io.pushwire.server.topics.TopicPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hub does with an authenticated connection's messages: answers {@code ping} and a
 * repeated {@code auth} itself, checks and makes subscriptions (declared topics, the topic
 * authorizer, the per-connection limit) and tells the subscription listeners, and hands every
 * other request to the handler registered for its type. A {@code subscribe} that asks for
 * positions or gives {@code since} is made live through {@code Recovery}, and its {@code ack} says
 * where each topic stood; it is sent once every topic is live, after a paged recovery's last page. A {@code presence} request is answered from {@code PresenceView} where the
 * topic authorizer allows it (once the other nodes' part is read; {@code SERVER_ERROR} if it cannot
 * be), else {@code UNAUTHORIZED}. Also subscribes a freshly admitted
 * connection as its endpoint asks.
 *
 * <p>Runs on the connection's reader thread (and on features' threads for their subscriptions).
 * The handler maps are concurrent; handlers are added and removed while requests are served.
 */
final class RequestRouter {

  private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

  private final SubscriptionIndex index;
  private final TopicAuthorizer topicAuthorizer;
  private final Limits limits;
  private final DialectCodecs codecs;
  private final Recovery recovery;
  private final PresenceView presenceView;
  private final PresenceEvents presenceEvents;
  /** Handlers by request class; concurrent: registered and removed while requests are served. */
  private final Map<Class<?>, RequestHandler<?>> handlers = new ConcurrentHashMap<>();
  /** Handlers of application types by type name; concurrent, as {@link #handlers}. */
  private final Map<String, RequestHandler<CustomEvent<?>>> customHandlers = new ConcurrentHashMap<>();
  /** Told of every new subscription, after it is in place; guards itself. */
  private final Listeners<SubscriptionListener> subscriptionListeners =
      new Listeners<>("subscription listener", log);
  /** Told of every dispatched request; guards itself. Empty (the usual case): the clock is not read. */
  private final Listeners<RequestObserver> requestObservers = new Listeners<>("request observer", log);

  RequestRouter(SubscriptionIndex index, TopicAuthorizer topicAuthorizer, Limits limits, DialectCodecs codecs,
      Recovery recovery, PresenceView presenceView, PresenceEvents presenceEvents) {
    this.recovery = recovery;
    this.presenceEvents = presenceEvents;
    this.presenceView = presenceView;
    this.index = index;
    this.topicAuthorizer = topicAuthorizer;
    this.limits = limits;
    this.codecs = codecs;
  }

  <M extends ClientMessage> Registration onRequest(Class<M> type, RequestHandler<? super M> handler) {
    handlers.put(type, handler);
    return () -> handlers.remove(type, handler);
  }

  Registration onCustomRequest(String type, RequestHandler<CustomEvent<?>> handler) {
    customHandlers.put(type, handler);
    return () -> customHandlers.remove(type, handler);
  }

  Registration addSubscriptionListener(SubscriptionListener listener) {
    return subscriptionListeners.add(listener);
  }

  Registration addRequestObserver(RequestObserver observer) {
    return requestObservers.add(observer);
  }

  /** A context for {@code connection}'s request {@code requestId} (null: none) in {@code envelope}. */
  RequestContext context(PushConnection connection, String requestId, Envelope envelope) {
    return new ConnectionContext(connection, requestId, envelope, this);
  }

  /** Handles a message of an authenticated connection, on its reader thread. */
  void route(PushConnection connection, Frame frame) {
    Message message = frame.message();
    if (message instanceof Ping) {
      connection.reply(frame.id(), frame.envelope(), new Pong(Instant.now()));
    } else if (message instanceof Auth) {
      connection.send(codecs.codec(connection.dialect()).encode(CommonReply.AUTH_OK), false); // idempotent
    } else if (message instanceof Subscribe subscribe) {
      subscribe(connection, subscribe, context(connection, frame.id(), frame.envelope()));
    } else if (message instanceof Presence presence) {
      if (topicAuthorizer.canSeePresence(connection.principal(), presence.topic())) {
        presence(connection, frame, presence.topic());
      } else {
        context(connection, frame.id(), frame.envelope())
            .fail(ErrorCode.UNAUTHORIZED, "the presence of " + presence.topic() + " is not visible to this client");
      }
    } else if (message instanceof Unsubscribe unsubscribe) {
      unsubscribe(connection, unsubscribe.names());
      connection.reply(frame.id(), frame.envelope(), Ack.ok());
    } else if (message instanceof ClientMessage request) {
      dispatch(connection, request, context(connection, frame.id(), frame.envelope()));
    } else {
      // A type only the server sends (task_progress, alert, ...): docs/server.md promises an answer.
      connection.counters().rejectedFrames.increment();
      context(connection, frame.id(), frame.envelope()).fail(ErrorCode.UNSUPPORTED_REQUEST,
          MessageTypes.typeOf(message) + " is sent by the server, not by clients");
    }
  }

  /** Answers a permitted {@code presence} request: when the other nodes' part arrives, or with an error if it cannot. */
  private void presence(PushConnection connection, Frame frame, String topic) {
    presenceView.of(topic).whenComplete((result, failure) -> {
      if (failure == null) {
        connection.reply(frame.id(), frame.envelope(), result);
      } else {
        log.debug("presence of {} unavailable", topic, failure);
        context(connection, frame.id(), frame.envelope())
            .fail(ErrorCode.SERVER_ERROR, "the presence of " + topic + " cannot be read from the other nodes now");
      }
    });
  }

  /**
   * A connection was admitted and the connection listeners told: greets it as its endpoint asks
   * (seed 001's {@code connection} message) and makes the endpoint's subscriptions (its
   * auto-subscriptions, and seed 003's {@code topics} query parameter with every client check).
   */
  void admitted(PushConnection connection) {
    EndpointSpec spec = connection.spec();
    if (spec.sendConnectionMessage()) {
      connection.send(codecs.encode(connection.dialect(),
          Connection.connected(connection.principal().clientId(), Instant.now())), false);
    }
    for (String topic : spec.autoSubscribe()) {
      subscribeInternal(connection, topic, MessageFilter.NONE);
    }
    if (spec.topicsQueryParameter()) {
      connection.firstQueryParameter("topics").ifPresent(topics -> subscribe(connection,
          Subscribe.topics(Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList()),
          context(connection, null, Envelope.DATA)));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void dispatch(PushConnection connection, ClientMessage request, RequestContext context) {
    // Read the clock only when someone listens; Long.MIN_VALUE marks "no observer when it began".
    long start = requestObservers.isEmpty() ? Long.MIN_VALUE : System.nanoTime();
    RequestHandler handler = request instanceof CustomEvent<?> custom
        ? customHandlers.get(custom.type())
        : handlers.get(request.getClass());
    if (handler == null) {
      if (!(request instanceof CommonReply)) { // an unexpected acknowledgement needs no answer
        connection.counters().rejectedFrames.increment();
        context.fail(ErrorCode.UNSUPPORTED_REQUEST, "this endpoint does not serve " + MessageTypes.typeOf(request));
        observed(start, request, connection, Outcome.UNSUPPORTED);
      }
      return;
    }
    Outcome outcome = Outcome.FAILED;
    try {
      handler.handle(request, context);
      outcome = Outcome.OK;
    } catch (RequestException e) {
      outcome = Outcome.ERROR;
      context.reply(e.toMessage());
    } catch (Exception | LinkageError e) {
      log.warn("request handler for {} failed on {}", MessageTypes.typeOf(request), context.connectionId(), e);
      context.fail(ErrorCode.SERVER_ERROR, "the server failed to handle " + MessageTypes.typeOf(request));
    } finally {
      observed(start, request, connection, outcome);
    }
  }

  /** Tells the request observers, if there are any (then {@code start} is when the dispatch began). */
  private void observed(long start, ClientMessage request, PushConnection connection, Outcome outcome) {
    if (start == Long.MIN_VALUE || requestObservers.isEmpty()) {
      return; // none when the dispatch began (one added since is told from the next request on)
    }
    long nanos = System.nanoTime() - start;
    String type = MessageTypes.typeOf(request);
    requestObservers.tell(o -> o.onRequest(type, connection.spec().path(), outcome, nanos), type);
  }

  /** A client's {@code subscribe}: all of its names are subscribed, or none (with an error saying why). */
  private void subscribe(PushConnection connection, Subscribe request, RequestContext context) {
    List<String> names = request.names();
    MessageFilter filter;
    try {
      filter = MessageFilter.of(request.filters());
    } catch (IllegalArgumentException e) {
      context.fail(ErrorCode.INVALID_MESSAGE, e.getMessage());
      return;
    }
    if (names.isEmpty()) {
      context.fail(ErrorCode.INVALID_MESSAGE, "subscribe names no topics");
      return;
    }
    List<TopicPattern> patterns = new ArrayList<>();
    Map<String, Object> rejected = new LinkedHashMap<>();
    ErrorCode code = null;
    for (String name : names) {
      TopicPattern pattern;
      try {
        pattern = TopicPattern.of(name);
      } catch (IllegalArgumentException e) {
        rejected.put(name, e.getMessage());
        code = ErrorCode.INVALID_MESSAGE;
        continue;
      }
      Set<String> declared = connection.spec().declaredTopics();
      if (declared != null && declared.stream().noneMatch(pattern::matches)) {
        rejected.put(name, "no such topic");
        code = code == null ? ErrorCode.TOPIC_NOT_FOUND : code;
      } else if (!topicAuthorizer.canSubscribe(connection.principal(), name)) {
        rejected.put(name, "not allowed");
        code = code == null ? ErrorCode.FORBIDDEN : code;
      } else {
        patterns.add(pattern);
      }
    }
    if (!rejected.isEmpty()) {
      context.reply(new ErrorMessage(code, "subscription refused for " + rejected.keySet(), Map.of("topics", rejected), null));
      return;
    }
    // A topic still being recovered is not in the index yet, but counts as held.
    long added = patterns.stream()
        .filter(p -> !index.holds(connection, p.text()) && !recovery.catchingUp(connection, p.text())).count();
    if (index.count(connection) + recovery.catchUps(connection) + added > limits.maxSubscriptionsPerConnection()) {
      context.reply(new ErrorMessage(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED,
          "at most " + limits.maxSubscriptionsPerConnection() + " subscriptions per connection",
          Map.of("limit", limits.maxSubscriptionsPerConnection()), null));
      return;
    }
    Set<String> newlyHeld = new java.util.HashSet<>(); // exact topics that will be joined, not re-subscribed
    patterns.stream().filter(p -> !p.isWildcard() && !index.holds(connection, p.text()))
        .forEach(p -> newlyHeld.add(p.text()));
    boolean positioned = request.wantsPositions() || connection.spec().positions();
    // Answered once every topic is live: at once, or when the last paged recovery ends.
    SubscribeAck ack = new SubscribeAck(positions -> {
      // Only a client that asked hears about positions: every other ack stays as it was.
      context.reply(request.wantsPositions() ? Ack.ok(positions) : Ack.ok());
      for (TopicPattern pattern : patterns) {
        if (!index.holds(connection, pattern.text())) {
          continue; // unsubscribed (or closed) while it was being recovered
        }
        if (newlyHeld.contains(pattern.text())) {
          presenceEvents.joined(connection, pattern.text());
        }
        notifySubscribed(pattern.text(), filter, context);
      }
    });
    for (TopicPattern pattern : patterns) {
      Subscription subscription = new Subscription(connection, pattern, filter, positioned);
      Position since = request.sinceFor(pattern.text());
      if (positioned && !pattern.isWildcard()) {
        recovery.subscribe(subscription, since, ack);
      } else {
        index.add(subscription);
        if (since != null) { // a pattern has no single stream to resume
          ack.settled(pattern.text(), StreamState.incomplete(0, since.epoch(), RecoveryReason.NOT_RECOVERABLE));
        }
      }
    }
    ack.seal();
  }

  /**
   * Subscribes on the server's decision, without the client-facing checks or a reply: endpoint
   * auto-subscriptions and features. Counts towards the subscription limit.
   *
   * @return false if the limit is reached or the connection is gone
   */
  boolean subscribeInternal(PushConnection connection, String topic, MessageFilter filter) {
    if (!index.holds(connection, topic) && index.count(connection) >= limits.maxSubscriptionsPerConnection()) {
      return false;
    }
    TopicPattern pattern = TopicPattern.of(topic);
    recovery.cancel(connection, topic); // the server's subscription replaces a recovery under way
    boolean joins = !pattern.isWildcard() && !index.holds(connection, topic);
    index.add(new Subscription(connection, pattern, filter, connection.spec().positions()));
    if (joins) {
      presenceEvents.joined(connection, topic);
    }
    notifySubscribed(topic, filter, context(connection, null, Envelope.DATA));
    return connection.isOpen();
  }

  void unsubscribe(PushConnection connection, List<String> names) {
    for (String name : names) {
      recovery.cancel(connection, name); // a recovery under way ends without going live
      boolean held = index.holds(connection, name);
      index.remove(connection, name);
      if (held && !TopicPattern.isWildcard(name)) {
        presenceEvents.left(connection.id(), connection.principal(), name);
      }
    }
  }

  private void notifySubscribed(String topic, MessageFilter filter, RequestContext context) {
    subscriptionListeners.tell(listener -> listener.onSubscribed(topic, filter, context), topic);
  }
}
