package io.pushwire.benchmarks.load;

import java.io.IOException;

/**
 * The server process of the Spring Boot peer: the harness's {@link ServerProcess} command loop
 * with {@link SpringTarget} as its only target. Run from {@code target/spring-target.jar}.
 */
public final class SpringServerProcess {

  private SpringServerProcess() {
  }

  /** {@code --target spring --payload-bytes N --max-seconds N}. */
  public static void main(String[] args) throws IOException {
    ServerProcess.serve(args, (name, pad) -> {
      if (!name.equals(SpringTarget.NAME)) {
        throw new IllegalArgumentException("this process serves only " + SpringTarget.NAME + ", not " + name);
      }
      return new SpringTarget(pad);
    });
  }
}
