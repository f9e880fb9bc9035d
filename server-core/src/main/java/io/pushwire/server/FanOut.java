package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.wire.Framing;
import io.pushwire.server.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each publication the broker hands over to its recipients on this node: the subscribers
 * of a topic, or the target of a reserved channel ({@value #ALL}, {@value #USER}{@code <id>},
 * {@value #CONNECTION}{@code <id>}). Only authenticated connections receive anything.
 *
 * <p>Each publication is encoded at most once per dialect and framed at most once per
 * (framing format, dialect), and the same frame is queued for every recipient of that pair, so
 * publishing to 10,000 subscribers encodes a handful of times, not 10,000. It runs on the thread
 * the broker delivers on and only queues frames; it never waits for a socket.
 */
final class FanOut {

  /** The channel of {@link Hub#broadcast}. */
  static final String ALL = "$all";
  /** The prefix of {@link Hub#publishToUser}'s channels. */
  static final String USER = "$user:";
  /** The prefix of {@link Hub#publishToConnection}'s channels. */
  static final String CONNECTION = "$conn:";
  /**
   * The prefix of {@link Hub#disconnectUser}'s channels: the publication is not sent; each local
   * connection of the user is closed with the close code its {@code SystemEvent} names.
   */
  static final String KICK = "$kick:";
  /** The event name of a {@link #KICK} publication, whose {@code reason} is the close code. */
  static final String KICK_EVENT = "pushwire.disconnect";

  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final ConnectionRegistry registry;
  private final SubscriptionIndex index;
  private final DialectCodecs codecs;

  FanOut(ConnectionRegistry registry, SubscriptionIndex index, DialectCodecs codecs) {
    this.registry = registry;
    this.index = index;
    this.codecs = codecs;
  }

  /** Delivers one publication to the local recipients. The broker's handler. */
  void deliver(Publication publication) {
    PublicationFrames frames = new PublicationFrames(publication);
    boolean droppable = publication.droppable();
    String channel = publication.channel();
    if (channel.equals(ALL)) {
      registry.forEach(c -> sendIfAuthenticated(c, frames, droppable));
    } else if (channel.startsWith(USER)) {
      for (PushConnection c : registry.ofUser(channel.substring(USER.length()))) {
        sendIfAuthenticated(c, frames, droppable);
      }
    } else if (channel.startsWith(KICK)) {
      kick(channel.substring(KICK.length()), publication);
    } else if (channel.startsWith(CONNECTION)) {
      PushConnection c = registry.get(channel.substring(CONNECTION.length()));
      if (c != null) {
        sendIfAuthenticated(c, frames, droppable);
      }
    } else {
      index.forEachSubscriber(channel, frames::body, s -> {
        PushConnection c = s.connection();
        c.sendFramed(frames.frameFor(c, s.positioned()), frames.bytesFor(c, s.positioned()), droppable);
      });
    }
  }

  private void kick(String userId, Publication publication) {
    CloseCode code = CloseCode.KICKED;
    if (publication.message() instanceof SystemEvent event && event.reason() != null) {
      try {
        code = CloseCode.of(Integer.parseInt(event.reason())).orElse(CloseCode.KICKED);
      } catch (NumberFormatException e) {
        log.warn("a disconnect of user {} names no close code; closing with {}", userId, code.code());
      }
    }
    for (PushConnection c : registry.ofUser(userId)) {
      c.close(code, "closed by the server");
    }
  }

  private static void sendIfAuthenticated(PushConnection c, PublicationFrames frames, boolean droppable) {
    if (c.isAuthenticated()) {
      c.sendFramed(frames.frameFor(c, false), frames.bytesFor(c, false), droppable);
    }
  }

  /**
   * One publication's encodings (one per dialect cache slot, with and without its position),
   * frames (one per framing format, slot and position choice) and body tree for filters, each
   * made on first need. Used only by the thread that delivers the publication.
   */
  private final class PublicationFrames {
    /** Marks a frame slot whose framing refused the publication, so it is tried (and logged) once. */
    private static final String UNSENDABLE = new String("unsendable");

    private final ServerMessage message;
    private final Position position;
    private final DialectCodecs.PublicationStamp stamp;
    /** The text per (dialect cache slot, positioned); filled on first need by the delivering thread only. */
    private final String[] texts = new String[Dialect.CACHE_SLOTS * 2];
    /** The frame per (wire format, dialect slot, positioned); filled on first need by the delivering thread only. */
    private final String[] frames = new String[WireFormat.values().length * Dialect.CACHE_SLOTS * 2];
    /** The UTF-8 length of each frame in {@link #frames}, measured once as it is made, for the byte counters. */
    private final int[] frameBytes = new int[frames.length];
    /** The body tree for filters; made on first need by the delivering thread only. */
    private JsonNode body;

    PublicationFrames(Publication publication) {
      this.message = publication.message();
      this.position = new Position(publication.channel(), publication.position().offset(),
          publication.position().epoch());
      this.stamp = new DialectCodecs.PublicationStamp(codecs, message);
    }

    /**
     * What {@code c} is sent: the publication in its dialect and framing, with its position if
     * {@code positioned}; null if its framing cannot take it.
     */
    String frameFor(PushConnection c, boolean positioned) {
      Framing framing = c.framing();
      Dialect dialect = c.dialect();
      int slot = slot(c, positioned);
      String frame = frames[slot];
      if (frame == null) {
        try {
          frame = framing.publication(text(dialect, positioned));
        } catch (IllegalArgumentException e) { // never from the codec's objects; never break the loop
          log.warn("publication not sent to {} clients: {}", framing.format(), e.getMessage());
          frame = UNSENDABLE;
        }
        frames[slot] = frame;
        frameBytes[slot] = frame == UNSENDABLE ? 0 : Utf8.length(frame);
      }
      return frame == UNSENDABLE ? null : frame;
    }

    /** The UTF-8 length of {@link #frameFor}{@code (c, positioned)}, which must have been called first. */
    int bytesFor(PushConnection c, boolean positioned) {
      return frameBytes[slot(c, positioned)];
    }

    private int slot(PushConnection c, boolean positioned) {
      return (c.framing().format().ordinal() * Dialect.CACHE_SLOTS + c.dialect().cacheSlot()) * 2 + (positioned ? 1 : 0);
    }

    private String text(Dialect dialect, boolean positioned) {
      int slot = dialect.cacheSlot() * 2 + (positioned ? 1 : 0);
      if (texts[slot] == null) {
        texts[slot] = codecs.encodePublication(dialect, message, stamp, positioned ? position : null);
      }
      return texts[slot];
    }

    JsonNode body() {
      if (body == null) {
        body = codecs.bodyTree(message);
      }
      return body;
    }
  }
}
