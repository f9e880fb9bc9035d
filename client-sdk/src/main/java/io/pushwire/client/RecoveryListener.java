package io.pushwire.client;

/**
 * Told when a topic could not be resumed completely after a reconnect, on the client's callback
 * executor ({@link PushClient#onRecovery}).
 */
@FunctionalInterface
public interface RecoveryListener {

  /**
   * Called once per topic and reconnect whose recovery was incomplete: some publications on the
   * topic were not delivered and never will be. Reload the topic's state. An exception thrown
   * here is logged and otherwise ignored.
   */
  void onRecoveryIncomplete(RecoveryIncomplete event);
}
