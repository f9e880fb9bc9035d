package io.pushwire.protocol;

/** A message a server sends to a client. */
public sealed interface ServerMessage extends Message
    permits CommonReply, RunningLog, SubDownloadJobs,
        Connection, Performance, Alert, Status, Config, SystemEvent, MetricsHistory, Pong, ErrorMessage,
        TaskProgress, TaskStatus, TaskList,
        Ack, TaskStatusUpdate, TaskUpdated,
        PresenceResult, PresenceJoin, PresenceLeave,
        CustomEvent {
}
