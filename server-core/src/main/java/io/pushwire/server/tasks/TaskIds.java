package io.pushwire.server.tasks;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Task ids that are not reused after a restart: {@code task_} (or another prefix), a per-boot part
 * (the start time in base 36 and 20 random bits), then a counter: {@code task_mi3k2a9x0f3z_1}. A
 * counter alone ({@code task_1}, {@code task_2}) starts again at each boot, and a client that
 * still holds {@code task_1} from before would be told about a different task. Thread-safe.
 */
public final class TaskIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String base;
  /** The last number handed out; atomic. */
  private final AtomicLong last = new AtomicLong();

  private TaskIds(String prefix, long bootMillis, int random) {
    String salt = Integer.toString(random & 0xFFFFF, 36);
    this.base = prefix + Long.toString(bootMillis, 36) + "0".repeat(4 - salt.length()) + salt + "_";
  }

  /**
   * Ids that start with {@code prefix} (such as {@code task_} or {@code video_}); this boot's part
   * is fixed now.
   */
  public static TaskIds withPrefix(String prefix) {
    Task.checkId(Objects.requireNonNull(prefix, "prefix") + "x");
    return new TaskIds(prefix, System.currentTimeMillis(), RANDOM.nextInt());
  }

  /** The next id; never the same twice in this process, nor (short of clock and random both repeating) across boots. */
  public String next() {
    return base + last.incrementAndGet();
  }
}
