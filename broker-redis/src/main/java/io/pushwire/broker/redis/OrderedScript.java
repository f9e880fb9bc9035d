package io.pushwire.broker.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;

/**
 * A script whose calls must run in Redis in the order they are made, as a topic's publications
 * must: the publish script. {@link LuaScript#run} falls back to {@code EVAL} when Redis answers
 * {@code NOSCRIPT}, and that retry goes out after every call made meanwhile, so under pipelining
 * a publication that met an empty script cache would take an offset after later ones.
 *
 * <p>So the choice is made when a call is sent, never after it failed: {@code EVALSHA} once a
 * {@code SCRIPT LOAD} has answered on the current connection (Redis runs a connection's commands
 * in order, so every later call finds the script), the whole text by {@code EVAL} before that
 * (after connecting, after a reconnect, which may be to a restarted Redis with an empty cache).
 * A call that still meets {@code NOSCRIPT} (the cache was flushed under a live connection) fails
 * with {@link RedisNoScriptException} instead of being retried out of order; its publisher is told,
 * and the calls after it use {@code EVAL} until the script is loaded again. Thread-safe.
 */
final class OrderedScript {

  private final LuaScript script;
  /** Guards {@link #connection} and the loads' bookkeeping; {@link #loaded} is read without it. */
  private final Object lock = new Object();
  /** Which connection incarnation the state is about: bumped on every disconnect and NOSCRIPT. Guarded by lock. */
  private long connection;
  /** Whether a SCRIPT LOAD answered in the current incarnation; written under lock, read by every call. */
  private volatile boolean loaded;

  OrderedScript(LuaScript script) {
    this.script = script;
  }

  /** Runs the script: {@code EVALSHA} if it is known to be loaded on this connection, else {@code EVAL}. */
  CompletableFuture<Object> run(RedisAsyncCommands<String, String> async, ScriptOutputType type, String[] keys,
      String... args) {
    if (!loaded) {
      return async.<Object>eval(script.text(), type, keys, args).toCompletableFuture();
    }
    CompletableFuture<Object> call = async.<Object>evalsha(script.sha(), type, keys, args).toCompletableFuture();
    return call.whenComplete((reply, failure) -> {
      if (failure != null && LuaScript.unwrap(failure) instanceof RedisNoScriptException) {
        forget(async);
      }
    });
  }

  /** Whether later calls go by {@code EVALSHA}; for tests. */
  boolean loaded() {
    return loaded;
  }

  /** The connection is (again) up: loads the script; calls switch to {@code EVALSHA} when Redis answers. */
  void connected(RedisAsyncCommands<String, String> async) {
    long incarnation;
    synchronized (lock) {
      incarnation = connection;
    }
    load(async, incarnation);
  }

  /** The connection went down: the Redis it comes back to may have lost its scripts. */
  void disconnected() {
    synchronized (lock) {
      connection++;
      loaded = false;
    }
  }

  /** Redis answered NOSCRIPT: its cache was flushed; back to {@code EVAL} until loaded again. */
  private void forget(RedisAsyncCommands<String, String> async) {
    long incarnation;
    synchronized (lock) {
      if (!loaded) {
        return; // another call already noticed
      }
      incarnation = ++connection;
      loaded = false;
    }
    load(async, incarnation);
  }

  private void load(RedisAsyncCommands<String, String> async, long incarnation) {
    async.scriptLoad(script.text()).thenAccept(sha -> {
      synchronized (lock) {
        if (connection == incarnation && script.sha().equals(sha)) {
          loaded = true;
        }
      }
    });
  }
}
