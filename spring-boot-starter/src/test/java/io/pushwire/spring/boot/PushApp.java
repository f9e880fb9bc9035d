package io.pushwire.spring.boot;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.Hub;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.topics.TopicAuthorizer;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the starter's tests run: what a user writes. Its endpoints and tokens come from
 * properties (see {@link BootApps}); its beans serve {@code get_task}, guard {@code admin:*}
 * topics, and publish task progress.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PushApp {

  static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");

  /** Answers {@code get_task}: every task is running, except "missing", which is not found. */
  @Bean
  RequestHandler<GetTask> getTaskHandler() {
    return (request, context) -> {
      if (request.taskId().equals("missing")) {
        throw new RequestException(ErrorCode.TASK_NOT_FOUND, "no task " + request.taskId());
      }
      context.reply(new TaskStatus(request.taskId(), TaskState.RUNNING, STARTED, null, null));
    };
  }

  /** Only the user "root" may subscribe to {@code admin:*} topics. */
  @Bean
  TopicAuthorizer adminTopics() {
    return (principal, topic) -> !topic.startsWith("admin:") || principal.userId().equals("root");
  }

  /** An application service that publishes, as a user's would. */
  @Bean
  ProgressPublisher progressPublisher(Hub hub) {
    return new ProgressPublisher(hub);
  }

  /** Publishes task progress through the hub. */
  public static final class ProgressPublisher {
    private final Hub hub;

    ProgressPublisher(Hub hub) {
      this.hub = hub;
    }

    void progress(String taskId, int percent) {
      hub.publish("task:progress", new TaskProgress(taskId, new Progress(100, percent, 0, null, percent, "running")));
    }
  }
}
