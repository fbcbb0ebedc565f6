package dev.pacer.bootstrap.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/** A parser for one chat log format. */
interface ChatLogReader {

    /**
     * Reads every message of the log in file order, including messages with empty text.
     *
     * @throws MalformedLogException naming the line or message when the input breaks the format
     * @throws IOException when reading fails, including input that is not valid UTF-8
     */
    List<ChatLogEntry> read(BufferedReader input) throws IOException, MalformedLogException;

    /** Removes the UTF-8 byte order mark that some editors write at the start of a file. */
    static String withoutByteOrderMark(String firstLine) {
        if (firstLine != null && firstLine.startsWith("\uFEFF")) {
            return firstLine.substring(1);
        }
        return firstLine;
    }

    /** Shortens a quoted input line in an error message to at most 60 characters. */
    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
