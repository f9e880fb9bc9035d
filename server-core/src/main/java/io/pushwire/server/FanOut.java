package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.transport.OutboundFrame;
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
 * the broker delivers on, finds the recipients and makes the frames there (so a subscription made
 * live at the broker's seam is either in a publication's recipients or in its replay, never both),
 * and hands the queueing and writing to the {@link DeliveryLanes}; it never touches a socket.
 *
 * <p>A topic with many subscribers ({@link SubscriptionIndex#PREPARED_MIN} or more, and no
 * wildcard subscription on the node) is fanned out from the index's {@link
 * SubscriptionIndex.Prepared} view: its frames are made once per slot its subscribers use, each
 * lane is handed its group of subscribers whole, and only filtered subscriptions are looked at one
 * by one here, so the publisher's work does not grow with the subscribers.
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

  /** How many frames one publication can have: per wire format, dialect cache slot, and with or without its position. */
  static final int SLOTS = WireFormat.values().length * Dialect.CACHE_SLOTS * 2;

  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final ConnectionRegistry registry;
  private final SubscriptionIndex index;
  private final DialectCodecs codecs;
  private final DeliveryLanes lanes;

  FanOut(ConnectionRegistry registry, SubscriptionIndex index, DialectCodecs codecs, DeliveryLanes lanes) {
    this.registry = registry;
    this.index = index;
    this.codecs = codecs;
    this.lanes = lanes;
  }

  /** Delivers one publication to the local recipients. The broker's handler. */
  void deliver(Publication publication) {
    PublicationFrames frames = new PublicationFrames(publication);
    DeliveryLanes.Dispatch dispatch = lanes.dispatch(publication.droppable());
    String channel = publication.channel();
    if (channel.equals(ALL)) {
      registry.forEach(c -> addIfAuthenticated(dispatch, c, frames));
    } else if (channel.startsWith(USER)) {
      for (PushConnection c : registry.ofUser(channel.substring(USER.length()))) {
        addIfAuthenticated(dispatch, c, frames);
      }
    } else if (channel.startsWith(KICK)) {
      kick(channel.substring(KICK.length()), publication);
    } else if (channel.startsWith(CONNECTION)) {
      PushConnection c = registry.get(channel.substring(CONNECTION.length()));
      if (c != null) {
        addIfAuthenticated(dispatch, c, frames);
      }
    } else {
      SubscriptionIndex.Prepared prepared = index.prepared(channel);
      if (prepared != null) {
        deliver(prepared, frames, dispatch);
      } else {
        index.forEachSubscriber(channel, frames::body, s -> {
          PushConnection c = s.connection();
          dispatch.add(c, frames.frameFor(c, s.positioned()));
        });
      }
    }
    dispatch.submit();
  }

  /**
   * A topic with many subscribers: the frames are made once per slot its subscribers use, and each
   * lane gets its group of subscribers whole, to queue there; only filtered subscriptions are
   * looked at one by one here.
   */
  private static void deliver(SubscriptionIndex.Prepared prepared, PublicationFrames frames, DeliveryLanes.Dispatch dispatch) {
    OutboundFrame[] bySlot = new OutboundFrame[SLOTS];
    for (SubscriptionIndex.Subscription example : prepared.examples()) {
      bySlot[frameSlot(example.connection(), example.positioned())] = frames.frameFor(example.connection(), example.positioned());
    }
    for (SubscriptionIndex.Group group : prepared.groups()) {
      dispatch.addGroup(group, bySlot);
    }
    for (SubscriptionIndex.Subscription s : prepared.filtered()) {
      if (s.filter().test(frames.body())) {
        dispatch.add(s.connection(), frames.frameFor(s.connection(), s.positioned()));
      }
    }
  }

  /**
   * Which of a publication's frames {@code c} takes, by its framing format and dialect, with the
   * publication's position or not: an index below {@link #SLOTS}.
   */
  static int frameSlot(PushConnection c, boolean positioned) {
    return (c.framing().format().ordinal() * Dialect.CACHE_SLOTS + c.dialect().cacheSlot()) * 2 + (positioned ? 1 : 0);
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

  private static void addIfAuthenticated(DeliveryLanes.Dispatch dispatch, PushConnection c, PublicationFrames frames) {
    if (c.isAuthenticated()) {
      dispatch.add(c, frames.frameFor(c, false));
    }
  }

  /**
   * One publication's encodings (one per dialect cache slot, with and without its position),
   * frames (one per framing format, slot and position choice) and body tree for filters, each
   * made on first need. Used only by the thread that delivers the publication.
   */
  private final class PublicationFrames {
    /** Marks a frame slot whose framing refused the publication, so it is tried (and logged) once. */
    private static final OutboundFrame UNSENDABLE = OutboundFrame.of("unsendable");

    private final ServerMessage message;
    private final Position position;
    private final DialectCodecs.PublicationStamp stamp;
    /** The text per (dialect cache slot, positioned); filled on first need by the delivering thread only. */
    private final String[] texts = new String[Dialect.CACHE_SLOTS * 2];
    /**
     * The frame per (wire format, dialect slot, positioned), shared by every recipient of that
     * slot; filled on first need by the delivering thread only.
     */
    private final OutboundFrame[] frames = new OutboundFrame[SLOTS];
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
    OutboundFrame frameFor(PushConnection c, boolean positioned) {
      Framing framing = c.framing();
      Dialect dialect = c.dialect();
      int slot = frameSlot(c, positioned);
      OutboundFrame frame = frames[slot];
      if (frame == null) {
        try {
          frame = OutboundFrame.of(framing.publication(text(dialect, positioned)));
        } catch (IllegalArgumentException e) { // never from the codec's objects; never break the loop
          log.warn("publication not sent to {} clients: {}", framing.format(), e.getMessage());
          frame = UNSENDABLE;
        }
        frames[slot] = frame;
      }
      return frame == UNSENDABLE ? null : frame;
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
