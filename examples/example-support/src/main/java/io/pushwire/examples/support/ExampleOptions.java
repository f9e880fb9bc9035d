package io.pushwire.examples.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The command line every example takes: {@code [--host H] [--port P] [--token T]}.
 *
 * <p>The token: {@code --token}, else the environment variable {@value #TOKEN_ENV}, else for a
 * server a random one made at each start (and printed in its {@code READY} line). There is no fixed
 * default: a token every copy of the examples shares would let any web page a developer opens
 * read their local server. A client ({@link #parseForClient}) must be told the server's token.
 *
 * <p>{@link #parse} throws on bad arguments, for tests; {@link #parseOrExit} is what a
 * {@code main} calls: it prints the usage to standard error and exits with {@value #EXIT_USAGE}
 * (or with 0 after {@code --help}).
 *
 * @param host the address to bind; 127.0.0.1 unless told otherwise
 * @param port the port to bind; 0 picks a free one
 * @param token the token clients must present
 */
public record ExampleOptions(String host, int port, String token) {

  /** The exit code for bad arguments, as most command-line tools use it. */
  public static final int EXIT_USAGE = 2;
  /** Loopback only, so an example never exposes itself to the network by accident. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The environment variable that sets the token when {@code --token} does not. */
  public static final String TOKEN_ENV = "PUSHWIRE_TOKEN";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ExampleOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
  }

  /** The defaults with {@code port}, and a fresh random token. */
  public static ExampleOptions defaults(int port) {
    return new ExampleOptions(DEFAULT_HOST, port, randomToken());
  }

  /** A fresh random token: 24 bytes from {@link SecureRandom}, URL-safe Base64 (32 characters). */
  public static String randomToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Reads {@code args}.
   *
   * @throws IllegalArgumentException naming what is wrong: an unknown argument, a missing or
   *     empty value, a port that is not 0-65535
   */
  public static ExampleOptions parse(String[] args, int defaultPort) {
    return parse(args, defaultPort, 0);
  }

  /**
   * Reads {@code args}, accepting ports from {@code minPort} up: 0 for a server (any free port),
   * 1 for a client, which must name a real port.
   *
   * @throws IllegalArgumentException as {@link #parse(String[], int)}
   */
  public static ExampleOptions parse(String[] args, int defaultPort, int minPort) {
    return parse(args, defaultPort, minPort, System.getenv(TOKEN_ENV), false);
  }

  /**
   * Reads a client's {@code args} (ports from 1 up), whose token must come from {@code --token}
   * or {@value #TOKEN_ENV}: it is the token the server printed.
   *
   * @throws IllegalArgumentException as {@link #parse(String[], int)}, or when no token is given
   */
  public static ExampleOptions parseForClient(String[] args, int defaultPort) {
    return parse(args, defaultPort, 1, System.getenv(TOKEN_ENV), true);
  }

  /**
   * For testing: reads {@code args} with {@code tokenFromEnvironment} as the value of
   * {@value #TOKEN_ENV} (null: unset); without either, a random token, or when
   * {@code tokenRequired} an error.
   */
  static ExampleOptions parse(String[] args, int defaultPort, int minPort, String tokenFromEnvironment,
      boolean tokenRequired) {
    String host = DEFAULT_HOST;
    int port = defaultPort;
    String token = null;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.equals("--host") && !name.equals("--port") && !name.equals("--token")) {
        throw new IllegalArgumentException("unknown argument: " + name);
      }
      if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[i + 1];
      switch (name) {
        case "--host" -> host = value;
        case "--port" -> port = parsePort(value, minPort);
        default -> token = value;
      }
    }
    if (token == null && tokenFromEnvironment != null && !tokenFromEnvironment.isBlank()) {
      token = tokenFromEnvironment.strip();
    }
    if (token == null) {
      if (tokenRequired) {
        throw new IllegalArgumentException("no token: pass --token T or set " + TOKEN_ENV
            + " to the token the server printed in its READY line");
      }
      token = randomToken();
    }
    return new ExampleOptions(host, port, token);
  }

  /** Reads {@code args}, or prints the usage and exits: 0 for {@code --help}, 2 for bad arguments. */
  public static ExampleOptions parseOrExit(String program, String[] args, int defaultPort) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(usage(program, defaultPort));
      System.exit(0);
    }
    try {
      return parse(args, defaultPort);
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage());
      System.err.println(usage(program, defaultPort));
      System.exit(EXIT_USAGE);
      throw e; // not reached
    }
  }

  /** The usage text. */
  public static String usage(String program, int defaultPort) {
    return "usage: java -jar " + program + ".jar [--host H] [--port P] [--token T]\n"
        + "  --host H   address to bind (default " + DEFAULT_HOST + ")\n"
        + "  --port P   port to bind, 0 for any free port (default " + defaultPort + ")\n"
        + "  --token T  token clients must present (default: $" + TOKEN_ENV + ", else a random one, printed at start)";
  }

  private static int parsePort(String value, int minPort) {
    try {
      int port = Integer.parseInt(value);
      if (port >= minPort && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from " + minPort + " to 65535, got " + value);
  }
}
