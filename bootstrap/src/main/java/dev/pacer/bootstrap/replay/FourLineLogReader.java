package dev.pacer.bootstrap.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the four-line log format: each message is a unix timestamp in seconds, the sender, the
 * text and an empty line.
 *
 * <p>The text line may itself be empty, so the file is read in groups of four lines. Splitting on
 * blank lines would merge a message with empty text into its neighbour. The last message may lack
 * its closing empty line, and empty lines after the last message are ignored.
 */
final class FourLineLogReader implements ChatLogReader {

    @Override
    public List<ChatLogEntry> read(BufferedReader input) throws IOException, MalformedLogException {
        LineCursor lines = new LineCursor(input);
        List<ChatLogEntry> entries = new ArrayList<>();

        while (true) {
            String timestampLine = lines.next();
            if (timestampLine == null) {
                return entries;
            }
            int timestampLineNumber = lines.number();
            if (timestampLine.isEmpty()) {
                if (lines.restIsEmpty()) {
                    return entries;
                }
                throw MalformedLogException.atLine(timestampLineNumber, "expected a unix timestamp, found an empty "
                        + "line: the message before it has more than four lines, or a line is missing");
            }

            Instant timestamp = parseTimestamp(timestampLine, timestampLineNumber);
            String sender = lines.requireNext("a sender line after the timestamp on line " + timestampLineNumber);
            if (sender.isBlank()) {
                throw MalformedLogException.atLine(lines.number(), "the sender is empty: every message needs a sender");
            }
            String text = lines.requireNext("a text line (which may be empty) after the sender on line " + lines.number());
            int textLineNumber = lines.number();

            String separator = lines.next();
            if (separator != null && !separator.isEmpty()) {
                throw MalformedLogException.atLine(lines.number(), "expected the empty line that ends the message "
                        + "starting on line " + timestampLineNumber + ", found \"" + ChatLogReader.abbreviate(separator)
                        + "\": each message is exactly four lines, and the text on line " + textLineNumber
                        + " must not contain a line break");
            }

            entries.add(new ChatLogEntry(entries.size() + 1, timestamp, sender, text));
        }
    }

    private static Instant parseTimestamp(String line, int lineNumber) throws MalformedLogException {
        try {
            return Instant.ofEpochSecond(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            throw MalformedLogException.atLine(lineNumber, "invalid unix timestamp \"" + ChatLogReader.abbreviate(line)
                    + "\": expected whole seconds since 1970-01-01 UTC, the first of the four lines of a message");
        }
    }

    /** Line-by-line access that tracks 1-based line numbers. */
    private static final class LineCursor {

        private final BufferedReader input;
        private int number;

        LineCursor(BufferedReader input) {
            this.input = input;
        }

        String next() throws IOException {
            String line = input.readLine();
            if (line != null) {
                number++;
                if (number == 1) {
                    line = ChatLogReader.withoutByteOrderMark(line);
                }
            }
            return line;
        }

        String requireNext(String expected) throws IOException, MalformedLogException {
            String line = next();
            if (line == null) {
                throw MalformedLogException.atLine(number, "the log ends too early: expected " + expected);
            }
            return line;
        }

        boolean restIsEmpty() throws IOException {
            String line;
            while ((line = next()) != null) {
                if (!line.isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        int number() {
            return number;
        }
    }
}
