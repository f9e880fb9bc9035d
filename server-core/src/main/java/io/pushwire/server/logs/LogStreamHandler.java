package io.pushwire.server.logs;

import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that tees log records into a {@link LogStream}, so an
 * application streams its own log to seed-000 clients with one line of set-up:
 *
 * <pre>{@code
 * java.util.logging.Logger.getLogger("").addHandler(new LogStreamHandler(log));
 * }</pre>
 *
 * <p>Each record becomes one line: its level mapped to the seed's levels (SEVERE → ERROR,
 * WARNING → WARNING, INFO → INFO, CONFIG and FINE → DEBUG, FINER and below → TRACE), its time in
 * the given zone (default: the JVM's), and as content the formatted message (parameters filled in)
 * followed by {@code ": "} and the throwable's {@code toString()} when there is one. A formatter
 * set with {@link #setFormatter} replaces that content. Records below the handler's level
 * ({@link #setLevel}, default ALL) or refused by its filter are skipped.
 *
 * <p>Thread-safe; {@link #publish} costs one {@link LogStream#append}. After {@link #close()}
 * records are ignored. No dependency beyond the JDK: applications on SLF4J reach it through their
 * binding to java.util.logging, or with an appender of their own (see {@code docs/logs.md}).
 */
public final class LogStreamHandler extends Handler {

  /** The default content: the message with its parameters, nothing else. */
  private static final Formatter MESSAGE_ONLY = new Formatter() {
    @Override
    public String format(LogRecord record) {
      return formatMessage(record);
    }
  };

  private final LogStream stream;
  private final ZoneId zone;
  /** Set once by {@link #close()}; read by every logging thread. */
  private volatile boolean closed;

  /** A handler writing times in the JVM's default zone. */
  public LogStreamHandler(LogStream stream) {
    this(stream, ZoneId.systemDefault());
  }

  /** A handler writing times in {@code zone}. */
  public LogStreamHandler(LogStream stream, ZoneId zone) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  @Override
  public void publish(LogRecord record) {
    if (closed || !isLoggable(record)) {
      return;
    }
    String content;
    try {
      content = contentOf(record);
    } catch (RuntimeException e) {
      reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    stream.append(new LogLine(levelOf(record.getLevel()), LocalDateTime.ofInstant(record.getInstant(), zone), content));
  }

  private String contentOf(LogRecord record) {
    Formatter formatter = getFormatter();
    if (formatter != null) {
      return formatter.format(record);
    }
    String message = MESSAGE_ONLY.format(record);
    if (message == null) {
      message = "";
    }
    return record.getThrown() == null ? message : message + ": " + record.getThrown();
  }

  /** The seed level for a java.util.logging level. */
  static LogLevel levelOf(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return LogLevel.ERROR;
    } else if (value >= Level.WARNING.intValue()) {
      return LogLevel.WARNING;
    } else if (value >= Level.INFO.intValue()) {
      return LogLevel.INFO;
    } else if (value >= Level.FINE.intValue()) {
      return LogLevel.DEBUG;
    }
    return LogLevel.TRACE;
  }

  /** Nothing is buffered. */
  @Override
  public void flush() {
  }

  /** Stops teeing; the stream stays as it is. */
  @Override
  public void close() {
    closed = true;
  }
}
