package dev.pacer.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results of one run as Markdown: a header with the machine, then one table per section. */
public final class Report {

    /** The outcome of a figure against its target. */
    public enum Verdict {
        MET("met"),
        MISSED("**missed**"),
        NONE("");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** One line of a section's table; empty strings leave a cell blank. */
    public record Row(String figure, String pacer, String baseline, String ratio, String target, Verdict verdict) {}

    private record Section(String title, List<Row> rows, List<String> notes) {}

    private final List<String> header = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    public void headerLine(String line) {
        header.add(line);
    }

    public void section(String title) {
        sections.add(new Section(title, new ArrayList<>(), new ArrayList<>()));
    }

    public void row(Row row) {
        current().rows().add(row);
    }

    public void row(String figure, String pacer) {
        row(new Row(figure, pacer, "", "", "", Verdict.NONE));
    }

    /** Adds a sentence under the current section's table. */
    public void note(String text) {
        current().notes().add(text);
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            out.append(line).append('\n');
        }
        for (Section section : sections) {
            out.append("\n### ").append(section.title()).append("\n\n");
            if (!section.rows().isEmpty()) {
                out.append("| figure | Pacer | baseline | ratio | target | result |\n");
                out.append("|---|---|---|---|---|---|\n");
                for (Row row : section.rows()) {
                    out.append("| ").append(row.figure())
                            .append(" | ").append(row.pacer())
                            .append(" | ").append(row.baseline())
                            .append(" | ").append(row.ratio())
                            .append(" | ").append(row.target())
                            .append(" | ").append(row.verdict().label)
                            .append(" |\n");
                }
            }
            if (!section.notes().isEmpty()) {
                out.append('\n');
                for (String note : section.notes()) {
                    out.append("- ").append(note).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Formats a rate or count with thousands separators and no decimals. */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Formats a value with {@code decimals} decimals. */
    public static String decimal(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Formats {@code value / baseline} as a ratio such as {@code 1.23x}, or "n/a" without a baseline. */
    public static String ratio(double value, double baseline) {
        return baseline > 0 ? String.format(Locale.ROOT, "%.2fx", value / baseline) : "n/a";
    }

    /** Returns MET or MISSED for a checked target, NONE when the baseline is missing. */
    public static Verdict verdict(boolean measurable, boolean met) {
        if (!measurable) {
            return Verdict.NONE;
        }
        return met ? Verdict.MET : Verdict.MISSED;
    }

    private Section current() {
        if (sections.isEmpty()) {
            section("Results");
        }
        return sections.getLast();
    }
}
