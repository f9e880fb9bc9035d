package io.pushwire.examples.desktop;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import javax.imageio.ImageIO;
import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * For testing: the main class of the window's JVM, which {@link WindowProcess} starts with
 * {@code DISPLAY} set to a virtual display. It runs the real {@link DesktopTail#main}, then
 * connects back to the test on a loopback port and answers its questions about the window:
 *
 * <ul>
 *   <li>{@code probe}: every named label, text component and progress bar of the shown windows,
 *       name to text, as {@link Properties} (a bar reads {@code value/max text});</li>
 *   <li>{@code screenshot <file>}: saves what the display shows of the window, as PNG.</li>
 * </ul>
 *
 * <p>It exits when the test closes the connection.
 */
public final class WindowDriver {

  private WindowDriver() {
  }

  public static void main(String[] args) throws Exception {
    int testPort = Integer.parseInt(args[0]);
    DesktopTail.main(Arrays.copyOfRange(args, 1, args.length));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), testPort);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (true) {
        String command;
        try {
          command = in.readUTF();
        } catch (EOFException e) {
          break;
        }
        byte[] reply = answer(command).getBytes(StandardCharsets.UTF_8);
        out.writeInt(reply.length);
        out.write(reply);
        out.flush();
      }
    }
    System.exit(0);
  }

  private static String answer(String command) throws Exception {
    if (command.equals("probe")) {
      return probe();
    }
    if (command.startsWith("screenshot ")) {
      return screenshot(Path.of(command.substring("screenshot ".length())));
    }
    return "unknown command " + command;
  }

  private static String probe() throws Exception {
    Properties found = new Properties();
    SwingUtilities.invokeAndWait(() -> {
      int showing = 0;
      for (Window window : Window.getWindows()) {
        if (window.isShowing()) {
          showing++;
          collect(window, found);
        }
      }
      found.setProperty("windows", String.valueOf(showing));
    });
    StringWriter text = new StringWriter();
    found.store(text, null);
    return text.toString();
  }

  private static void collect(Component component, Properties found) {
    String name = component.getName();
    if (name != null) {
      if (component instanceof JLabel label) {
        found.setProperty(name, label.getText());
      } else if (component instanceof JTextComponent text) {
        found.setProperty(name, text.getText());
      } else if (component instanceof JProgressBar bar) {
        found.setProperty(name, bar.getValue() + "/" + bar.getMaximum() + " " + bar.getString());
      }
    }
    if (component instanceof Container container) {
      for (Component child : container.getComponents()) {
        collect(child, found);
      }
    }
  }

  private static String screenshot(Path file) throws Exception {
    Rectangle[] bounds = new Rectangle[1];
    SwingUtilities.invokeAndWait(() -> {
      for (Window window : Window.getWindows()) {
        if (window.isShowing()) {
          bounds[0] = window.getBounds();
        }
      }
    });
    if (bounds[0] == null) {
      return "no window is showing";
    }
    Robot robot = new Robot();
    robot.waitForIdle();   // pending paints reach the display first
    BufferedImage image = robot.createScreenCapture(bounds[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
    return "saved " + image.getWidth() + "x" + image.getHeight();
  }
}
