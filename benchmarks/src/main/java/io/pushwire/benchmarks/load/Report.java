package io.pushwire.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a run: every figure measured on both targets, their ratio, and the notes a reader
 * needs to trust them (warnings about lost ticks, a saturated client, and so on). Rendered as a
 * plain-text table for the terminal and as Markdown for docs/benchmarks.md.
 */
final class Report {

  /** Which direction is good for a figure. */
  enum Better {
    HIGHER, LOWER;

    String word() {
      return this == HIGHER ? "higher" : "lower";
    }
  }

  /**
   * One measured figure.
   *
   * @param name what was measured, with its size
   * @param unit the unit of both values
   * @param better which direction is good
   * @param pushwire the value on Pushwire, NaN if it could not be measured
   * @param baseline the value on the plain Tyrus endpoint, NaN if it could not be measured
   */
  record Figure(String name, String unit, Better better, double pushwire, double baseline) {

    /** Pushwire divided by the baseline; NaN when either is missing or the baseline is zero. */
    double ratio() {
      return baseline == 0 ? Double.NaN : pushwire / baseline;
    }
  }

  private final List<String> header;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Report(List<String> header) {
    this.header = List.copyOf(header);
  }

  void add(String name, String unit, Better better, double pushwire, double baseline) {
    figures.add(new Figure(name, unit, better, pushwire, baseline));
  }

  void note(String note) {
    notes.add(note);
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /** The table for a terminal: aligned columns, header lines and notes around it. */
  String toText() {
    List<String[]> rows = rows();
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      for (int i = 0; i < row.length; i++) {
        String cell = i == 0 ? pad(row[i], widths[i]) : padLeft(row[i], widths[i]);
        out.append(i == 0 ? "" : " | ").append(cell);
      }
      out.append('\n');
      if (r == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append('\n');
      }
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("note: ").append(note).append('\n'));
    }
    return out.toString();
  }

  /** The same as Markdown: header lines as a list, the table, notes. */
  String toMarkdown() {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append('\n');
    List<String[]> rows = rows();
    for (int r = 0; r < rows.size(); r++) {
      out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
      if (r == 0) {
        out.append("|---|---|---:|---:|---:|---|\n");
      }
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("- Note: ").append(note).append('\n'));
    }
    return out.toString();
  }

  private List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"figure", "unit", "Pushwire", "baseline", "ratio P/B", "better"});
    for (Figure f : figures) {
      rows.add(new String[] {f.name(), f.unit(), number(f.pushwire()), number(f.baseline()),
          Double.isNaN(f.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", f.ratio()), f.better().word()});
    }
    return rows;
  }

  /** Three significant figures at most, thousands separated: these are noisy measurements. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      double magnitude = Math.pow(10, Math.floor(Math.log10(abs)) - 2);
      return String.format(Locale.ROOT, "%,.0f", Math.round(value / magnitude) * magnitude);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
