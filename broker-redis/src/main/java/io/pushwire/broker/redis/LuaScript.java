package io.pushwire.broker.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Lua script from this package's resources, run by its SHA-1 ({@code EVALSHA}) and sent whole
 * only when Redis has forgotten it (a restart). Immutable.
 */
record LuaScript(String text, String sha) {

  static LuaScript load(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder hex = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))) {
        hex.append(String.format("%02x", b));
      }
      return new LuaScript(text, hex.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the script; its reply read as {@code type} says (a {@code Long}, a {@code List}). */
  CompletableFuture<Object> run(RedisAsyncCommands<String, String> async, ScriptOutputType type, String[] keys,
      String... args) {
    return async.<Object>evalsha(sha, type, keys, args).toCompletableFuture()
        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
            ? async.<Object>eval(text, type, keys, args).toCompletableFuture()
            : CompletableFuture.failedFuture(unwrap(e)));
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
