package io.pushwire.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a run: every figure measured on every target, each target's ratio to the
 * reference (plain Netty when it ran), and the notes a reader needs to trust them (warnings about
 * lost ticks, a saturated client, a target that was skipped, and so on). Rendered as plain-text
 * tables for the terminal and as Markdown for docs/benchmarks.md: one table of values, one of
 * ratios.
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
   * @param unit the unit of every value
   * @param better which direction is good
   * @param values the value on each target, in target order; NaN where it could not be measured
   * @param ratios each target's value divided by the reference's value measured beside it
   *     (normally the same for every target; during a fan-out split into groups, the reference of
   *     the target's own group); NaN where either is missing
   */
  record Figure(String name, String unit, Better better, Map<String, Double> values, Map<String, Double> ratios) {

    /** The value on {@code target}, NaN if it was not measured. */
    double value(String target) {
      return values.getOrDefault(target, Double.NaN);
    }

    /** The ratio of {@code target} to the reference, NaN if there is none. */
    double ratio(String target) {
      return ratios.getOrDefault(target, Double.NaN);
    }
  }

  private final List<String> header;
  private final List<String> targets;
  private final String reference;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param header lines about the run, printed above the tables
   * @param targets the targets measured, in column order
   * @param reference the target every ratio is to
   */
  Report(List<String> header, List<String> targets, String reference) {
    this.header = List.copyOf(header);
    this.targets = List.copyOf(targets);
    this.reference = reference;
  }

  /** A figure whose every target was measured beside the same reference run. */
  void add(String name, String unit, Better better, Map<String, Double> values) {
    Map<String, Double> references = new LinkedHashMap<>();
    values.keySet().forEach(t -> references.put(t, values.getOrDefault(reference, Double.NaN)));
    add(name, unit, better, values, references);
  }

  /** A figure with, for each target, the reference's value it is compared with. */
  void add(String name, String unit, Better better, Map<String, Double> values, Map<String, Double> referenceValues) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (Map.Entry<String, Double> v : values.entrySet()) {
      double ref = referenceValues.getOrDefault(v.getKey(), Double.NaN);
      ratios.put(v.getKey(), ref == 0 || Double.isNaN(ref) ? Double.NaN : v.getValue() / ref);
    }
    figures.add(new Figure(name, unit, better, Map.copyOf(values), Map.copyOf(ratios)));
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

  List<String> targets() {
    return targets;
  }

  String reference() {
    return reference;
  }

  /** The tables for a terminal: aligned columns, header lines and notes around them. */
  String toText() {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    text(out, valueRows());
    out.append('\n').append("Ratios to ").append(reference).append(" (the same figure on ").append(reference)
        .append(" = 1):\n\n");
    text(out, ratioRows());
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("note: ").append(note).append('\n'));
    }
    return out.toString();
  }

  private static void text(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
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
  }

  /** The same as Markdown: header lines as a list, the two tables, notes. */
  String toMarkdown() {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append('\n');
    markdown(out, valueRows(), 2);
    out.append('\n').append("Ratios to ").append(reference).append(" (the same figure on ").append(reference)
        .append(" = 1):\n\n");
    markdown(out, ratioRows(), 1);
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("- Note: ").append(note).append('\n'));
    }
    return out.toString();
  }

  private static void markdown(StringBuilder out, List<String[]> rows, int textColumns) {
    for (int r = 0; r < rows.size(); r++) {
      out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
      if (r == 0) {
        out.append('|');
        for (int i = 0; i < rows.get(0).length; i++) {
          out.append(i < textColumns || i == rows.get(0).length - 1 ? "---|" : "---:|");
        }
        out.append('\n');
      }
    }
  }

  private List<String[]> valueRows() {
    List<String[]> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("figure", "unit"));
    head.addAll(targets);
    head.add("better");
    rows.add(head.toArray(String[]::new));
    for (Figure f : figures) {
      List<String> row = new ArrayList<>(List.of(f.name(), f.unit()));
      targets.forEach(t -> row.add(number(f.value(t))));
      row.add(f.better().word());
      rows.add(row.toArray(String[]::new));
    }
    return rows;
  }

  private List<String[]> ratioRows() {
    List<String[]> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("figure"));
    head.addAll(targets);
    head.add("better");
    rows.add(head.toArray(String[]::new));
    for (Figure f : figures) {
      List<String> row = new ArrayList<>(List.of(f.name()));
      targets.forEach(t -> row.add(Double.isNaN(f.ratio(t)) ? "n/a" : String.format(Locale.ROOT, "%.2f", f.ratio(t))));
      row.add(f.better().word());
      rows.add(row.toArray(String[]::new));
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
