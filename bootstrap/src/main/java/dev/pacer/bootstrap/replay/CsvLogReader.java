package dev.pacer.bootstrap.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a CSV log with a header row naming the columns {@code timestamp}, {@code sender} and
 * {@code text}, in any order and with any further columns, which are ignored.
 *
 * <p>Quoting follows RFC 4180: a field that contains a comma, a quote or a line break is enclosed
 * in double quotes, and a quote inside it is doubled. Lines may end in CRLF or LF, and blank lines
 * are skipped. A timestamp is unix seconds (a fraction is allowed) or ISO-8601, and an ISO-8601
 * time without an offset is read as UTC.
 */
final class CsvLogReader implements ChatLogReader {

    private static final Pattern UNIX_SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");

    @Override
    public List<ChatLogEntry> read(BufferedReader input) throws IOException, MalformedLogException {
        RecordParser records = new RecordParser(input);

        List<String> header = records.next();
        if (header == null) {
            throw new MalformedLogException("the CSV file is empty: expected a header row timestamp,sender,text");
        }
        int timestampColumn = column(header, "timestamp");
        int senderColumn = column(header, "sender");
        int textColumn = column(header, "text");

        List<ChatLogEntry> entries = new ArrayList<>();
        List<String> fields;
        while ((fields = records.next()) != null) {
            int line = records.recordStartLine();
            if (fields.size() == 1 && fields.getFirst().isEmpty()) {
                continue;
            }
            if (fields.size() != header.size()) {
                throw MalformedLogException.atLine(line, "expected " + header.size() + " fields as in the header, found "
                        + fields.size() + ": quote any field that contains a comma");
            }

            Instant timestamp = parseTimestamp(fields.get(timestampColumn), line);
            String sender = fields.get(senderColumn);
            if (sender.isBlank()) {
                throw MalformedLogException.atLine(line, "the sender is empty: every message needs a sender");
            }
            entries.add(new ChatLogEntry(entries.size() + 1, timestamp, sender, fields.get(textColumn)));
        }
        return entries;
    }

    private static int column(List<String> header, String name) throws MalformedLogException {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        throw MalformedLogException.atLine(1, "the header has no column \"" + name + "\": the first row must name "
                + "the columns timestamp, sender and text, found " + String.join(",", header));
    }

    /** Parses unix seconds or an ISO-8601 date-time. */
    static Instant parseTimestamp(String value, int line) throws MalformedLogException {
        String text = value.strip();
        try {
            if (UNIX_SECONDS.matcher(text).matches()) {
                BigDecimal seconds = new BigDecimal(text);
                long nanos = seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue();
                return Instant.ofEpochSecond(seconds.longValue(), nanos);
            }
            String isoText = text.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
            try {
                return OffsetDateTime.parse(isoText).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                return LocalDateTime.parse(isoText).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            throw MalformedLogException.atLine(line, "invalid timestamp \"" + ChatLogReader.abbreviate(text)
                    + "\": use unix seconds (1591056357) or ISO-8601 (2020-06-02T00:05:57Z)");
        }
    }

    /** An RFC 4180 tokenizer that returns one record at a time and tracks line numbers. */
    private static final class RecordParser {

        private static final int END = -1;

        private final Reader input;
        private int line = 1;
        private int recordStartLine;
        private int pushedBack = Integer.MIN_VALUE;
        private boolean atStart = true;

        RecordParser(Reader input) {
            this.input = input;
        }

        int recordStartLine() {
            return recordStartLine;
        }

        /** Returns the next record's fields, or null at the end of the input. */
        List<String> next() throws IOException, MalformedLogException {
            int c = read();
            if (c == END) {
                return null;
            }
            unread(c);
            recordStartLine = line;

            List<String> fields = new ArrayList<>();
            while (true) {
                FieldEnd end = readField(fields);
                if (end != FieldEnd.COMMA) {
                    return fields;
                }
            }
        }

        private enum FieldEnd { COMMA, RECORD }

        private FieldEnd readField(List<String> fields) throws IOException, MalformedLogException {
            StringBuilder field = new StringBuilder();
            int c = read();
            if (c == '"') {
                return readQuotedField(field, fields);
            }

            while (true) {
                switch (c) {
                    case END -> {
                        fields.add(field.toString());
                        return FieldEnd.RECORD;
                    }
                    case ',' -> {
                        fields.add(field.toString());
                        return FieldEnd.COMMA;
                    }
                    case '\r', '\n' -> {
                        endLine(c);
                        fields.add(field.toString());
                        return FieldEnd.RECORD;
                    }
                    case '"' -> throw MalformedLogException.atLine(line, "a double quote inside an unquoted field: "
                            + "enclose the whole field in double quotes and double the quote inside it");
                    default -> field.append((char) c);
                }
                c = read();
            }
        }

        private FieldEnd readQuotedField(StringBuilder field, List<String> fields)
                throws IOException, MalformedLogException {
            int openingLine = line;
            while (true) {
                int c = read();
                if (c == END) {
                    throw MalformedLogException.atLine(openingLine, "a quoted field starts here and is never closed: "
                            + "end it with a double quote, and double every quote inside it");
                }
                if (c == '\n') {
                    line++;
                }
                if (c != '"') {
                    field.append((char) c);
                    continue;
                }

                int after = read();
                if (after == '"') {
                    field.append('"');
                    continue;
                }
                fields.add(field.toString());
                switch (after) {
                    case END -> {
                        return FieldEnd.RECORD;
                    }
                    case ',' -> {
                        return FieldEnd.COMMA;
                    }
                    case '\r', '\n' -> {
                        endLine(after);
                        return FieldEnd.RECORD;
                    }
                    default -> throw MalformedLogException.atLine(line, "unexpected character '" + (char) after
                            + "' after a closing double quote: a quote inside a quoted field must be doubled");
                }
            }
        }

        /** Consumes the rest of a CR, LF or CRLF line ending whose first character was {@code c}. */
        private void endLine(int c) throws IOException {
            if (c == '\r') {
                int next = read();
                if (next != '\n') {
                    unread(next);
                }
            }
            line++;
        }

        private int read() throws IOException {
            int c;
            if (pushedBack != Integer.MIN_VALUE) {
                c = pushedBack;
                pushedBack = Integer.MIN_VALUE;
            } else {
                c = input.read();
            }
            if (atStart) {
                atStart = false;
                if (c == '\uFEFF') {
                    return read();
                }
            }
            return c;
        }

        private void unread(int c) {
            pushedBack = c;
        }
    }
}
