package io.pushwire.protocol;

/** A message a client sends to a server. */
public sealed interface ClientMessage extends Message
    permits Auth, CommonReply, GetRunningLog,
        Subscribe, Unsubscribe, RequestData, Ping,
        GetTask, GetTasks,
        SubscribeTasks, UnsubscribeTasks,
        SubscribeTask, UnsubscribeTask, RequestTaskStatus, RequestMultipleTaskStatus,
        Presence,
        CustomEvent {
}
