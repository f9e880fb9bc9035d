package io.pushwire.client.reconnect;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CloseCode;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReconnectDecisionTest {

  private static final BackoffPolicy POLICY = BackoffPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));
  private final Random random = new Random(1);

  private ReconnectDecision decide(Disconnect cause) {
    return ReconnectDecision.decide(cause, 1, POLICY, null, random);
  }

  @ParameterizedTest(name = "close {0} reconnects")
  @ValueSource(ints = {1001, 1006, 1008, 1009, 1011, 1013, 4000, 4001, 4002, 4003, 4499})
  void reconnectsAfterCloseCodesThatAskForIt(int code) {
    assertInstanceOf(ReconnectDecision.Reconnect.class, decide(new Disconnect.Closed(code, "")));
  }

  @ParameterizedTest(name = "close {0} is final")
  @ValueSource(ints = {1000, 1003, 4500, 4501, 4502, 4999})
  void stopsAfterTerminalCloseCodes(int code) {
    assertInstanceOf(ReconnectDecision.Stop.class, decide(new Disconnect.Closed(code, "")));
  }

  @Test
  void stopsWhenCredentialsAreRefused() {
    assertInstanceOf(ReconnectDecision.Stop.class, decide(new Disconnect.AuthenticationRefused("HTTP 401")));
  }

  @ParameterizedTest(name = "HTTP {0} at the handshake is final")
  @ValueSource(ints = {400, 404, 410})
  void stopsWhenTheHandshakeIsRefusedForGood(int status) {
    assertInstanceOf(ReconnectDecision.Stop.class, decide(new Disconnect.HandshakeRefused(status)));
  }

  @ParameterizedTest(name = "HTTP {0} at the handshake reconnects")
  @ValueSource(ints = {408, 429, 500, 502, 503})
  void reconnectsWhenTheHandshakeFailsForNow(int status) {
    assertInstanceOf(ReconnectDecision.Reconnect.class, decide(new Disconnect.HandshakeRefused(status)));
  }

  @Test
  void reconnectsAfterNetworkFailuresAndDeadConnections() {
    assertInstanceOf(ReconnectDecision.Reconnect.class, decide(new Disconnect.ConnectFailed("refused")));
    assertInstanceOf(ReconnectDecision.Reconnect.class,
        decide(new Disconnect.HeartbeatTimeout(Duration.ofSeconds(61))));
    assertInstanceOf(ReconnectDecision.Reconnect.class, decide(new Disconnect.SendStalled(1 << 24)));
  }

  @Test
  void stopsAfterTheApplicationClosed() {
    assertInstanceOf(ReconnectDecision.Stop.class, decide(new Disconnect.ClosedByClient()));
  }

  @Test
  void stopsOnceTheAttemptLimitIsReached() {
    BackoffPolicy three = POLICY.withMaxAttempts(3);
    Disconnect lost = new Disconnect.Closed(CloseCode.ABNORMAL.code(), "");
    assertInstanceOf(ReconnectDecision.Reconnect.class, ReconnectDecision.decide(lost, 3, three, null, random));
    assertInstanceOf(ReconnectDecision.Stop.class, ReconnectDecision.decide(lost, 4, three, null, random));
  }

  @Test
  void rateLimitRetryAfterIsAFloorForTheDelay() {
    Duration retryAfter = Duration.ofSeconds(3);
    for (int i = 0; i < 100; i++) {
      ReconnectDecision decision = ReconnectDecision.decide(new Disconnect.Closed(CloseCode.POLICY_VIOLATION.code(),
          "rate limit exceeded repeatedly"), 1, POLICY, retryAfter, random);
      Duration delay = assertInstanceOf(ReconnectDecision.Reconnect.class, decision).delay();
      assertTrue(delay.compareTo(retryAfter) >= 0, delay.toString());
    }
  }

  @Test
  void aShortRetryAfterDoesNotShortenTheBackoff() {
    ReconnectDecision decision = ReconnectDecision.decide(new Disconnect.Closed(1006, ""), 5, POLICY,
        Duration.ofMillis(1), random);
    Duration delay = assertInstanceOf(ReconnectDecision.Reconnect.class, decision).delay();
    assertTrue(delay.compareTo(POLICY.minDelay()) >= 0, delay.toString());
  }
}
