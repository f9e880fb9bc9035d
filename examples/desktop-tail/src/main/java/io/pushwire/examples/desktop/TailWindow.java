package io.pushwire.examples.desktop;

import io.pushwire.client.ConnectionState;
import io.pushwire.client.StateChange;
import io.pushwire.client.logs.LogGap;
import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.Timer;
import javax.swing.text.BadLocationException;
import javax.swing.text.DefaultCaret;

/**
 * The desktop-tail window: two connection indicators, the scan job with two progress bars, the
 * running log, and one progress bar per task. It knows Swing and the protocol's records, not the
 * client: {@link DesktopTail} wires the clients' callbacks to its methods.
 *
 * <p>Threads: every method runs on the Swing thread, and so every field is touched only there.
 *
 * <p>Components carry names, for UI automation and the test: {@code logConnection},
 * {@code taskConnection}, {@code log}, {@code jobTime}, {@code jobUnits}, {@code jobVideos}, and
 * for each task {@code task:<id>} (its bar) and {@code task:<id>:label}.
 */
final class TailWindow {

  /** The log keeps this many lines; older ones are dropped from the top as new ones arrive. */
  static final int MAX_LOG_LINES = 2_000;
  /** The task list keeps this many rows; a new task replaces the oldest finished one (or the oldest). */
  static final int MAX_TASKS = 50;
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Set<TaskState> FINISHED = Set.of(TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELLED);
  private static final Color OPEN = new Color(0xC8E6C9);
  private static final Color BETWEEN = new Color(0xFFE0B2);
  private static final Color CLOSED = new Color(0xFFCDD2);
  private static final Color IDLE = new Color(0xE0E0E0);

  private final JFrame frame;
  private final JLabel logConnection = indicator("logConnection");
  private final JLabel taskConnection = indicator("taskConnection");
  private final JLabel jobTime = named(new JLabel("scan job: nothing heard yet"), "jobTime");
  private final JProgressBar jobUnits = named(new JProgressBar(), "jobUnits");
  private final JProgressBar jobVideos = named(new JProgressBar(), "jobVideos");
  private final JTextArea log = named(new JTextArea(), "log");
  private final JPanel taskRows = new JPanel(new GridLayout(0, 1, 0, 8));
  /** Rows by task id, oldest first; at most {@link #MAX_TASKS}. */
  private final Map<String, TaskRow> tasks = new LinkedHashMap<>();
  /** Redraws the job's running time or countdown once a second. */
  private final Timer clock = new Timer(1_000, tick -> showJobTime());
  private final URI logUri;
  private final URI taskUri;
  /** The last board heard, or null before the first. */
  private DownloadJobs jobs;

  TailWindow(URI logUri, URI taskUri) {
    this.logUri = logUri;
    this.taskUri = taskUri;
    frame = new JFrame("Pushwire desktop-tail: " + logUri.getAuthority());
    log.setEditable(false);
    log.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
    ((DefaultCaret) log.getCaret()).setUpdatePolicy(DefaultCaret.ALWAYS_UPDATE);   // follow the tail
    jobUnits.setStringPainted(true);
    jobVideos.setStringPainted(true);

    JPanel connections = new JPanel(new GridLayout(1, 2, 8, 0));
    connections.add(logConnection);
    connections.add(taskConnection);
    JPanel job = new JPanel(new GridLayout(3, 1, 0, 4));
    job.setBorder(BorderFactory.createTitledBorder("Scan job"));
    job.add(jobTime);
    job.add(jobUnits);
    job.add(jobVideos);
    JPanel top = new JPanel(new BorderLayout(0, 8));
    top.setBorder(BorderFactory.createEmptyBorder(8, 8, 0, 8));
    top.add(connections, BorderLayout.NORTH);
    top.add(job, BorderLayout.CENTER);

    JPanel taskList = new JPanel(new BorderLayout());
    taskList.add(taskRows, BorderLayout.NORTH);   // rows keep their height instead of filling the pane
    JScrollPane logPane = titled(new JScrollPane(log), "Running log");
    JScrollPane taskPane = titled(new JScrollPane(taskList, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED,
        JScrollPane.HORIZONTAL_SCROLLBAR_NEVER), "Tasks");
    logPane.setPreferredSize(new Dimension(640, 420));
    taskPane.setPreferredSize(new Dimension(420, 420));
    JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, logPane, taskPane);
    split.setResizeWeight(0.65);
    split.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));

    frame.add(top, BorderLayout.NORTH);
    frame.add(split, BorderLayout.CENTER);
    frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
    frame.setSize(new Dimension(1100, 680));
    logConnection.setText(" log " + logUri.getPath() + ": not connected yet");
    taskConnection.setText(" tasks " + taskUri.getPath() + ": not connected yet");
  }

  /** Runs {@code onClose} when the user closes the window. */
  void onClose(Runnable onClose) {
    frame.addWindowListener(new WindowAdapter() {
      @Override
      public void windowClosing(WindowEvent e) {
        onClose.run();
      }

      @Override
      public void windowClosed(WindowEvent e) {
        clock.stop();   // a running timer would keep the Swing thread, and so the JVM, alive
      }
    });
  }

  void show() {
    frame.setLocationRelativeTo(null);
    frame.setVisible(true);
    clock.start();
  }

  void showLogConnection(StateChange change) {
    show(logConnection, "log " + logUri.getPath(), change);
  }

  void showTaskConnection(StateChange change) {
    show(taskConnection, "tasks " + taskUri.getPath(), change);
    if (change.state() == ConnectionState.OPEN) {
      forgetUnfinishedTasks();
    }
  }

  void appendLines(List<LogLine> lines) {
    StringBuilder text = new StringBuilder();
    for (LogLine line : lines) {
      text.append(DATE_TIME.format(line.dateTime())).append(' ')
          .append(String.format("%-7s ", line.level().wire())).append(line.content()).append('\n');
    }
    appendBounded(log, text.toString(), MAX_LOG_LINES);
  }

  void appendGap(LogGap gap) {
    String lost = gap.lost() + " lines lost";
    String what = !gap.newRun() ? lost : gap.lost() > 0 ? "new run, " + lost : "new run";
    appendBounded(log, "----- " + what + " -----\n", MAX_LOG_LINES);
  }

  void showJobs(DownloadJobs board) {
    jobs = board;
    boolean running = board.status() == JobStatus.RUNNING;
    showBar(jobUnits, board.workingUnitIndex(), board.unitCount(),
        running ? "unit " + board.workingUnitIndex() + "/" + board.unitCount() + ": " + nameOf(board.workingUnitName()) : "waiting");
    showBar(jobVideos, board.workingVideoIndex(), board.videoCount(),
        running ? "video " + board.workingVideoIndex() + "/" + board.videoCount() + ": " + nameOf(board.workingVideoName()) : "waiting");
    showJobTime();
  }

  void showProgress(TaskProgress update) {
    TaskRow row = row(update.taskId());
    row.progress = update;
    row.render();
  }

  void showStatus(TaskStatus update) {
    TaskRow row = row(update.taskId());
    row.status = update;
    row.render();
  }

  // ------------------------------------------------------------------ details

  /** Appends {@code text} (whole lines, each ending with '\n'), then drops the oldest lines beyond {@code maxLines}. */
  static void appendBounded(JTextArea area, String text, int maxLines) {
    area.append(text);
    int excess = area.getLineCount() - 1 - maxLines;   // the text ends with '\n': the last line is empty
    if (excess > 0) {
      try {
        area.replaceRange("", 0, area.getLineEndOffset(excess - 1));
      } catch (BadLocationException e) {
        throw new IllegalStateException("line " + excess + " of " + area.getLineCount(), e);
      }
    }
  }

  /** Running: how long the scan has run; waiting: the countdown to the next one (seed 000's {@code started_time}). */
  private void showJobTime() {
    if (jobs == null) {
      return;
    }
    Duration since = Duration.between(jobs.startedTime(), LocalDateTime.now());
    jobTime.setText(jobs.status() == JobStatus.RUNNING
        ? "running for " + clock(since) + " (since " + DATE_TIME.format(jobs.startedTime()) + ")"
        : "waiting: next scan in " + clock(since.negated()) + " (at " + DATE_TIME.format(jobs.startedTime()) + ")");
  }

  private static void show(JLabel indicator, String what, StateChange change) {
    String state = change.state().name();
    if (change.state() == ConnectionState.CLOSED) {
      state = "CLOSED (" + change.cause().map(TailWindow::describe).orElse("?") + ")"
          + change.nextDelay().map(delay -> ", attempt " + change.attempt() + " in " + delay.toMillis() + " ms")
          .orElse(", for good");
    } else if (change.state() != ConnectionState.CLOSING) {
      state += ", attempt " + change.attempt();
    }
    indicator.setText(" " + what + ": " + state);
    indicator.setBackground(change.state() == ConnectionState.OPEN ? OPEN
        : change.state() == ConnectionState.CLOSED ? CLOSED : BETWEEN);
  }

  private static String describe(Disconnect cause) {
    if (cause instanceof Disconnect.Closed closed) {
      return "close " + closed.code() + (closed.reason().isEmpty() ? "" : " " + closed.reason());
    }
    if (cause instanceof Disconnect.HandshakeRefused refused) {
      return "HTTP " + refused.httpStatus();
    }
    if (cause instanceof Disconnect.AuthenticationRefused) {
      return "token refused";
    }
    if (cause instanceof Disconnect.ConnectFailed) {
      return "unreachable";
    }
    return cause.getClass().getSimpleName();
  }

  private TaskRow row(String taskId) {
    TaskRow row = tasks.get(taskId);
    if (row != null) {
      return row;
    }
    if (tasks.size() >= MAX_TASKS) {
      evictOne();
    }
    row = new TaskRow(taskId);
    tasks.put(taskId, row);
    taskRows.add(row.panel);
    taskRows.revalidate();
    return row;
  }

  /**
   * Drops the rows of tasks still running. A seed 003 server sends every live task again when the
   * client subscribes, so those come back at once; a task the server no longer knows (it
   * restarted) must not stay "running" in the window for ever.
   */
  private void forgetUnfinishedTasks() {
    for (Iterator<TaskRow> rows = tasks.values().iterator(); rows.hasNext(); ) {
      TaskRow row = rows.next();
      if (!row.finished()) {
        rows.remove();
        taskRows.remove(row.panel);
      }
    }
    taskRows.revalidate();
    taskRows.repaint();
  }

  /** Drops the oldest finished task, or the oldest task if none has finished. */
  private void evictOne() {
    TaskRow victim = tasks.values().stream().filter(TaskRow::finished).findFirst()
        .orElse(tasks.values().iterator().next());
    tasks.remove(victim.taskId);
    taskRows.remove(victim.panel);
  }

  private static void showBar(JProgressBar bar, long value, long max, String text) {
    bar.setMaximum((int) Math.max(1, Math.min(Integer.MAX_VALUE, max)));
    bar.setValue((int) Math.max(0, Math.min(bar.getMaximum(), value)));
    bar.setString(text);
  }

  private static String clock(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  private static String nameOf(String name) {
    return name == null || name.isEmpty() ? "(no name)" : name;
  }

  private static JLabel indicator(String name) {
    JLabel label = named(new JLabel(), name);
    label.setOpaque(true);
    label.setBackground(IDLE);
    label.setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));
    return label;
  }

  private static <T extends JComponent> T named(T component, String name) {
    component.setName(name);
    return component;
  }

  private static JScrollPane titled(JScrollPane pane, String title) {
    pane.setBorder(BorderFactory.createTitledBorder(title));
    return pane;
  }

  /** One task: its id, state and what it does on one line, its progress bar below. Swing thread only. */
  private static final class TaskRow {
    private final String taskId;
    private final JLabel label = new JLabel();
    private final JProgressBar bar = new JProgressBar(0, 1_000);
    private final JPanel panel = new JPanel(new BorderLayout(0, 2));
    /** The latest of each, or null before the first. */
    private TaskProgress progress;
    private TaskStatus status;

    TaskRow(String taskId) {
      this.taskId = taskId;
      label.setName("task:" + taskId + ":label");
      bar.setName("task:" + taskId);
      bar.setStringPainted(true);
      panel.add(label, BorderLayout.NORTH);
      panel.add(bar, BorderLayout.CENTER);
    }

    boolean finished() {
      return status != null && FINISHED.contains(status.status());
    }

    void render() {
      double percent = status != null && status.status() == TaskState.COMPLETED ? 100
          : progress == null ? 0 : Math.max(0, Math.min(100, progress.progress().percentage()));
      bar.setValue((int) Math.round(percent * 10));
      bar.setString(String.format("%.1f%%", percent));
      String detail = status != null && status.error() != null ? status.error()
          : finished() || progress == null ? null : progress.progress().status();
      label.setText(taskId + (status == null ? "" : " · " + status.status().wire())
          + (detail == null || detail.isEmpty() ? "" : " · " + detail));
    }
  }
}
