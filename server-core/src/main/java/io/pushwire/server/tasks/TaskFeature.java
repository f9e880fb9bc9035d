package io.pushwire.server.tasks;

import io.pushwire.protocol.ClientMessage;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Hub;
import io.pushwire.server.Registration;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Task progress and status on the wire, in the words of seeds 002, 003 and 004 at once: serves
 * their requests on a {@link Hub}, and publishes every change of a {@link TaskRegistry} once per
 * document to that document's subscribers ({@link TaskTopics}).
 *
 * <pre>{@code
 * TaskRegistry tasks = TaskRegistry.builder().build();
 * TaskFeature feature = TaskFeature.builder(hub, tasks)
 *     .endpoint("/video-generation_status", TaskVocabulary.TASK_STATUS_UPDATE)
 *     .endpoint("/ws/task", TaskVocabulary.TASK_TOPICS)
 *     .endpoint("/ws/video", TaskVocabulary.TASK_UPDATED)
 *     .install();
 * tasks.create(NewTask.of("video_42").ownedBy("alice"));   // subscribers hear of it from here on
 * ...
 * feature.close();
 * }</pre>
 *
 * <p><b>What clients see.</b> Subscribing sends the current state at once; every change reaches
 * every subscriber of the task and of its topics; the change that ends a task carries its full
 * result, after which the task's subscriptions are removed ({@code hub.stats().subscriptions()}
 * drops). Unknown task ids are refused in each document's own shape. See {@code docs/tasks.md} for
 * every frame.
 *
 * <p><b>Which document.</b> A request is answered in the document its type belongs to, on any
 * endpoint. The endpoints registered with {@link Builder#endpoint} also get what their document
 * does unasked: seed 003 endpoints the current state on {@code subscribe}, seed 004 endpoints the
 * user room at auth.
 *
 * <p><b>Bounds.</b> Each connection watches at most {@link Builder#maxTasksPerConnection} tasks
 * (seed 002 and 004 per-task subscriptions; each also counts towards the hub's subscription
 * limit). Progress is published at most {@link Builder#progressRate} times a second per task, the
 * latest report winning; status changes are never coalesced and the final state always arrives.
 * Status lookups run on {@link Builder#lookupThreads} threads with a queue of
 * {@link Builder#lookupQueue}; past that a request is answered from the registry unrefreshed.
 * States sent at once (on subscribe, at auth, {@code get_tasks}) list at most
 * {@link Builder#maxTasksPerSnapshot} tasks, the most recent.
 *
 * <p><b>Threads.</b> Two kinds of daemon threads, both stopped by {@link #close()}:
 * {@code pushwire-tasks-progress} (delayed progress publications) and
 * {@code pushwire-tasks-lookup-<n>} (status source lookups, idle ones end after 30 s).
 */
public final class TaskFeature implements AutoCloseable {

  private final TaskRegistry registry;
  private final TaskPublisher publisher;
  private final Lookups lookups;
  private final ScheduledThreadPoolExecutor flusher;
  /** What the feature added to the hub; closed by {@link #close()}. Written only in the constructor. */
  private final List<Registration> registrations = new ArrayList<>();

  private TaskFeature(Builder b) {
    this.registry = b.registry;
    Map<String, TaskVocabulary> endpoints = Map.copyOf(b.endpoints);
    TaskWatches watches = new TaskWatches(b.maxTasksPerConnection);
    this.flusher = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "pushwire-tasks-progress");
      t.setDaemon(true);
      return t;
    });
    this.publisher = new TaskPublisher(b.hub, watches, b.progressRate, flusher);
    this.lookups = new Lookups(registry, publisher, b.lookupThreads, b.lookupQueue);

    TaskStatusUpdateRequests statusUpdateRequests = new TaskStatusUpdateRequests(registry, publisher, watches);
    TaskTopicsRequests topicRequests = new TaskTopicsRequests(registry, publisher, lookups,
        path -> endpoints.get(path) == TaskVocabulary.TASK_TOPICS, b.maxTasksPerSnapshot);
    TaskUpdatedRequests updatedRequests = new TaskUpdatedRequests(registry, publisher, watches, lookups,
        path -> endpoints.get(path) == TaskVocabulary.TASK_UPDATED, b.maxIdsPerRequest, b.maxTasksPerSnapshot);

    Hub hub = b.hub;
    Handlers handlers = new Handlers() {
      @Override
      public <M extends ClientMessage> void on(Class<M> type, RequestHandler<? super M> handler) {
        registrations.add(hub.onRequest(type, handler));
      }
    };
    statusUpdateRequests.install(handlers);
    topicRequests.install(handlers);
    updatedRequests.install(handlers);
    registrations.add(hub.addSubscriptionListener(new SubscriptionListener() {
      @Override
      public void onSubscribed(String topic, RequestContext ctx) {
        onSubscribed(topic, MessageFilter.NONE, ctx);
      }

      @Override
      public void onSubscribed(String topic, MessageFilter filter, RequestContext ctx) {
        topicRequests.onSubscribed(topic, filter, ctx);
      }
    }));
    registrations.add(hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onAuthenticated(RequestContext ctx) {
        updatedRequests.onAuthenticated(ctx);
      }

      @Override
      public void onClosed(String connectionId) { // may run under the broker's lock: takes no lock of ours
        watches.connectionClosed(connectionId);
        updatedRequests.onClosed(connectionId);
      }
    }));
    registry.addListener(publisher);
  }

  /**
   * Starts configuring the feature for {@code hub} and {@code registry}. One feature per registry;
   * a hub serves one task feature (a second would replace the first one's request handlers).
   */
  public static Builder builder(Hub hub, TaskRegistry registry) {
    return new Builder(hub, registry);
  }

  /** The registry this feature publishes. */
  public TaskRegistry registry() {
    return registry;
  }

  /**
   * Stops publishing: the feature's handlers and listeners leave the hub (task requests are
   * answered with {@code UNSUPPORTED_REQUEST} from then on), pending progress is published now, the
   * registry's later changes are not, and the feature's threads stop. Subscriptions already made
   * stay until their connections close. Idempotent.
   */
  @Override
  public void close() {
    registrations.forEach(Registration::close);
    registry.removeListener(publisher);
    publisher.close();
    flusher.shutdownNow();
    lookups.close();
  }

  /** Configures a {@link TaskFeature}. Every setter rejects values that cannot work. */
  public static final class Builder {
    private final Hub hub;
    private final TaskRegistry registry;
    private final Map<String, TaskVocabulary> endpoints = new LinkedHashMap<>();
    private int maxTasksPerConnection = 50;
    private int progressRate = 10;
    private int lookupThreads = 4;
    private int lookupQueue = 256;
    private int maxIdsPerRequest = 100;
    private int maxTasksPerSnapshot = 100;

    private Builder(Hub hub, TaskRegistry registry) {
      this.hub = Objects.requireNonNull(hub, "hub");
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0, got " + value);
      }
      return value;
    }

    /**
     * Says which document the endpoint at {@code path} speaks, for what it gets unasked: seed 003
     * endpoints the current state on {@code subscribe}, seed 004 endpoints the user room at auth.
     */
    public Builder endpoint(String path, TaskVocabulary vocabulary) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("an endpoint path starts with '/', got " + path);
      }
      endpoints.put(path, Objects.requireNonNull(vocabulary, "vocabulary"));
      return this;
    }

    /**
     * Tasks one connection may watch by {@code subscribeTasks} / {@code subscribe_task} (default
     * 50). Past it, seed 002 gets a failed {@code ack} and seed 004 {@code SUBSCRIPTION_LIMIT_EXCEEDED}.
     */
    public Builder maxTasksPerConnection(int max) {
      maxTasksPerConnection = positive("maxTasksPerConnection", max);
      return this;
    }

    /**
     * Progress publications per second per task, at most (default 10, up to 1,000). Reports in
     * between are coalesced, the latest winning, and published when the interval has passed or
     * right before the task's next status change.
     */
    public Builder progressRate(int perSecond) {
      positive("progressRate", perSecond);
      if (perSecond > 1_000) {
        throw new IllegalArgumentException("progressRate must be <= 1000, got " + perSecond);
      }
      progressRate = perSecond;
      return this;
    }

    /** Status source lookups run at once (default 4). */
    public Builder lookupThreads(int threads) {
      lookupThreads = positive("lookupThreads", threads);
      return this;
    }

    /** Lookups that may wait for a thread (default 256); past it, answered unrefreshed. */
    public Builder lookupQueue(int size) {
      lookupQueue = positive("lookupQueue", size);
      return this;
    }

    /** Distinct ids one {@code requestMultipleTaskStatus} may name (default 100). */
    public Builder maxIdsPerRequest(int max) {
      maxIdsPerRequest = positive("maxIdsPerRequest", max);
      return this;
    }

    /** Tasks listed in a state sent at once: on subscribe, at auth, in {@code task_list} (default 100). */
    public Builder maxTasksPerSnapshot(int max) {
      maxTasksPerSnapshot = positive("maxTasksPerSnapshot", max);
      return this;
    }

    /** Installs the handlers and listeners on the hub and starts publishing the registry. */
    public TaskFeature install() {
      return new TaskFeature(this);
    }
  }
}
