package io.pushwire.broker.redis;

/**
 * A node in its own JVM, for the test that kills one: {@code NodeMain <redisUri> <keyPrefix>}
 * starts a node on a free port, prints {@code READY <port>} and runs until killed.
 */
public final class NodeMain {

  private NodeMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Node node = Node.start(args[0], args[1], 0);
    System.out.println("READY " + node.server.port());
    System.out.flush();
    Thread.currentThread().join(); // until the test kills the process
  }
}
