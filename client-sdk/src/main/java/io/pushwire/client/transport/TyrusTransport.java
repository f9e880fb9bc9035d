package io.pushwire.client.transport;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.client.ThreadPoolConfig;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * {@link Transport} on the Tyrus client with its Grizzly container.
 *
 * <p>Threads: each transport owns one {@link ClientManager} with a private (non-shared)
 * container, so every connection runs on its own small Grizzly transport (one selector thread and
 * two or three worker threads, {@code <name>-io(n)}) that Tyrus shuts down when the connection closes.
 * Tyrus's session timers run on one scheduler thread ({@code <name>-tyrus}) instead of Tyrus's
 * default pool of ten per manager. {@link #close()} stops them all. Tyrus's
 * {@code ReconnectHandler} is not used: the client owns reconnecting.
 */
public final class TyrusTransport implements Transport {

  private static final System.Logger LOG = System.getLogger(TyrusTransport.class.getName());

  /** Used by the client's connecting thread (one connect at a time); closed from any thread. */
  private final ClientManager manager;

  /** The protocols a {@code wss://} connection may negotiate, newest first. */
  public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** A transport whose threads are named after {@code name}, with the JVM's default TLS context for {@code wss://}. */
  public TyrusTransport(String name) {
    this(name, null);
  }

  /**
   * A transport whose threads are named after {@code name}; {@code wss://} connections use
   * {@code tls} (null: the JVM's default context), negotiate only {@link #TLS_PROTOCOLS}, and
   * check that the server's certificate names the host connected to.
   */
  public TyrusTransport(String name, SSLContext tls) {
    manager = new SmallClientManager(name + "-tyrus");
    if (tls != null) {
      SslEngineConfigurator engines = new SslEngineConfigurator(tls, true, false, false)
          .setEnabledProtocols(TLS_PROTOCOLS.toArray(String[]::new))
          .setHostVerificationEnabled(true);
      manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, engines);
    }
    // A private Grizzly transport per connection; also overrides -Dorg.glassfish.tyrus.client.sharedContainer.
    manager.getProperties().put(ClientProperties.SHARED_CONTAINER, false);
    manager.getProperties().put(ClientProperties.WORKER_THREAD_POOL_CONFIG,
        ThreadPoolConfig.defaultConfig().setPoolName(name + "-io").setMaxPoolSize(3).setCorePoolSize(2)
            .setDaemon(true));
  }

  @Override
  public void connect(ConnectRequest request, TransportListener listener) throws ConnectFailedException {
    // Tyrus reads the handshake timeout as an Integer of milliseconds; anything else means 30 s.
    manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT,
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, request.timeout().toMillis())));
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(Map<String, List<String>> headers) {
            headers.putAll(request.headers());
          }
        })
        .build();
    try {
      manager.connectToServer(new ListenerEndpoint(listener), config, request.uri());
    } catch (DeploymentException | IOException | RuntimeException e) {
      throw failure(request, e);
    }
  }

  @Override
  public void close() {
    manager.shutdown();
  }

  /**
   * A client manager whose session timers share one thread. Tyrus schedules an idle-timeout
   * check for every frame a session sends or receives, so its default scheduler (ten core
   * threads per manager) would soon hold ten threads per client.
   */
  private static final class SmallClientManager extends ClientManager {
    private final String threadName;
    /** Guards {@link #scheduler}. */
    private final Object lock = new Object();
    /** Created on first use, replaced after a shutdown; guarded by lock. */
    private ScheduledThreadPoolExecutor scheduler;

    SmallClientManager(String threadName) {
      this.threadName = threadName;
    }

    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
      synchronized (lock) {
        if (scheduler == null) {
          scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
          });
          scheduler.setRemoveOnCancelPolicy(true);
        }
        return scheduler;
      }
    }

    @Override
    public void shutdown() {
      super.shutdown();
      synchronized (lock) {
        if (scheduler != null) {
          scheduler.shutdownNow();
          scheduler = null;
        }
      }
    }
  }

  private static ConnectFailedException failure(ConnectRequest request, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HandshakeException handshake) {
        return new ConnectFailedException("handshake with " + request.uri().getAuthority()
            + " refused with HTTP " + handshake.getHttpStatusCode(), handshake.getHttpStatusCode(), e);
      }
    }
    return new ConnectFailedException("cannot connect to " + request.uri().getAuthority() + ": " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Adapts JSR-356 callbacks to the listener. One instance per connection attempt. */
  private static final class ListenerEndpoint extends Endpoint {
    private final TransportListener listener;

    ListenerEndpoint(TransportListener listener) {
      this.listener = listener;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      // The handler must be in place before the listener learns of the connection (it may send
      // at once, and Tyrus drops frames that find no handler), yet no frame may reach the
      // listener before onOpen did: frames wait for the latch, which opens right after.
      CountDownLatch reported = new CountDownLatch(1);
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        awaitUninterruptibly(reported);
        listener.onText(text);
      });
      try {
        listener.onOpen(new TyrusConnection(session));
      } finally {
        reported.countDown();
      }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
      boolean interrupted = false;
      while (true) {
        try {
          latch.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      listener.onClose(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable error) {
      // Tyrus follows a fatal error with onClose, which is what the client acts on.
      LOG.log(System.Logger.Level.DEBUG, "websocket error: {0}", String.valueOf(error));
    }
  }

  /** One Tyrus session. */
  private static final class TyrusConnection implements TransportConnection {
    private final Session session;

    TyrusConnection(Session session) {
      this.session = session;
    }

    @Override
    public CompletableFuture<Void> send(String text) {
      CompletableFuture<Void> written = new CompletableFuture<>();
      try {
        session.getAsyncRemote().sendText(text, result -> {
          if (result.isOK()) {
            written.complete(null);
          } else {
            written.completeExceptionally(result.getException());
          }
        });
      } catch (RuntimeException e) {
        written.completeExceptionally(e);
      }
      return written;
    }

    @Override
    public void close(int code, String reason) {
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason)));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
      }
    }

    /** A close reason may hold at most 123 UTF-8 bytes. */
    private static String truncate(String reason) {
      if (reason == null) {
        return "";
      }
      String r = reason;
      while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
        r = r.substring(0, r.length() - 1);
      }
      return r;
    }
  }
}
